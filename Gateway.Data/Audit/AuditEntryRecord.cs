namespace Gateway.Data.Audit;

public sealed record AuditEntryRecord(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Entity,
    string? EntityId,
    JsonElement? Before,
    JsonElement? After,
    string? ClientIp);
