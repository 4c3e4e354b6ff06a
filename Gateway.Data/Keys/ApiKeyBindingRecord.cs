namespace Gateway.Data.Keys;

/// <summary>
/// A key's binding to a scope, with the scope's hierarchy resolved (an environment binding carries its
/// team and organization) and the environment's body-storage flag, which is what a request needs.
/// <paramref name="AllowDirectModels"/>: the key may address <c>provider/model</c> directly in this scope.
/// </summary>
public sealed record ApiKeyBindingRecord(
    Guid Id,
    Guid KeyId,
    Scope Scope,
    Guid OrgId,
    Guid? TeamId,
    Guid? EnvironmentId,
    IReadOnlyList<string> AllowedModels,
    int? RpmLimit,
    long? TpmLimit,
    int? MaxConcurrent,
    bool IsAdmin,
    bool StoreBodies,
    DateTimeOffset CreatedAt,
    bool AllowDirectModels);
