namespace Gateway.Data.Keys;

/// <summary>
/// What a key may do within one scope (an organization, team or environment, not global).
/// An empty <paramref name="AllowedModels"/> allows every model the scope reaches; null limits mean none
/// (<paramref name="MaxConcurrent"/>: requests in flight at once per replica; null, the gateway's default).
/// <paramref name="AllowDirectModels"/> lets the key address <c>provider/model</c> directly, not only aliases.
/// </summary>
public sealed record ApiKeyBindingSpec(
    Scope Scope,
    IReadOnlyList<string> AllowedModels,
    int? RpmLimit = null,
    long? TpmLimit = null,
    bool IsAdmin = false,
    bool AllowDirectModels = false,
    int? MaxConcurrent = null);
