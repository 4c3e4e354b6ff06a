namespace Gateway.Data.Audit;

/// <summary>
/// One admin write to record. <paramref name="Action"/> and <paramref name="Entity"/> are lower-case words
/// (<c>create</c>, <c>provider</c>); the before/after images must not contain secrets or credentials.
/// <paramref name="ClientIp"/> is the address the request came from, as text (null when unknown).
/// </summary>
public sealed record AuditEntrySpec(
    string Actor,
    string Action,
    string Entity,
    string? EntityId = null,
    JsonElement? Before = null,
    JsonElement? After = null,
    string? ClientIp = null);
