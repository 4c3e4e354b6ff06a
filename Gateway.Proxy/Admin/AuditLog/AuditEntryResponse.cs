using Gateway.Data.Audit;

namespace Gateway.Proxy.Admin.AuditLog;

/// <summary>
/// One admin write, or one refused attempt (<c>action</c> <c>deny</c>, entity <c>admin_request</c>, the method and path
/// as its id): who (<c>config:ID</c> or <c>key:UUID</c>), from which address, what, when, and the entity before and after.
/// </summary>
internal sealed record AuditEntryResponse(
    long Id, DateTimeOffset At, string Actor, string? ClientIp, string Action, string Entity, string? EntityId, JsonElement? Before, JsonElement? After) : ApiObject("audit_entry")
{
    public static AuditEntryResponse From(AuditEntryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.At, record.Actor, record.ClientIp, record.Action, record.Entity, record.EntityId, record.Before, record.After);
    }
}
