using Gateway.Data.Tenancy;

namespace Gateway.Proxy.Admin.Teams;

internal sealed record TeamResponse(Guid Id, Guid OrganizationId, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : ApiObject("team")
{
    public static TeamResponse From(TeamRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.OrgId, record.Name, record.CreatedAt, record.UpdatedAt);
    }
}
