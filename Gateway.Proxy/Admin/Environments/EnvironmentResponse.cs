using Gateway.Data.Tenancy;

namespace Gateway.Proxy.Admin.Environments;

internal sealed record EnvironmentResponse(
    Guid Id, Guid TeamId, Guid OrganizationId, string Name, bool StoreBodies, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : ApiObject("environment")
{
    public static EnvironmentResponse From(EnvironmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.TeamId, record.OrgId, record.Name, record.StoreBodies, record.CreatedAt, record.UpdatedAt);
    }
}
