namespace Gateway.Proxy.Admin.Keys;

/// <summary>
/// What a key may do within one scope (<c>org:ID</c>, <c>team:ID</c> or <c>environment:ID</c>): the models it may
/// use (empty: all the scope reaches), request and token limits per minute, requests in flight at once per replica,
/// whether it administers the scope, and whether it may address <c>provider/model</c> directly rather than only
/// aliases (off unless set).
/// </summary>
internal sealed record KeyBindingRequest(
    [property: Required] string? Scope = null,
    IReadOnlyList<string?>? AllowedModels = null,
    int? RpmLimit = null,
    long? TpmLimit = null,
    bool? IsAdmin = null,
    bool? AllowDirectModels = null,
    int? MaxConcurrent = null);
