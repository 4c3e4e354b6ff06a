using Gateway.Data.Tenancy;

namespace Gateway.Proxy.Admin.Organizations;

internal sealed record OrganizationResponse(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : ApiObject("organization")
{
    public static OrganizationResponse From(OrganizationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Name, record.CreatedAt, record.UpdatedAt);
    }
}
