namespace Gateway.Proxy.Admin.Keys;

/// <summary>Body of creating a gateway API key: a name, an optional expiry and its bindings.</summary>
internal sealed record KeyCreateRequest(string? Name, DateTimeOffset? ExpiresAt, IReadOnlyList<KeyBindingRequest?>? Bindings);
