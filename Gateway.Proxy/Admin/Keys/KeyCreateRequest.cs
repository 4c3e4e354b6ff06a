namespace Gateway.Proxy.Admin.Keys;

/// <summary>Body of creating a gateway API key: a name, an optional expiry, its bindings and the region it prefers.</summary>
internal sealed record KeyCreateRequest(
    [property: Required] string? Name = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<KeyBindingRequest?>? Bindings = null,
    string? Region = null);
