namespace Gateway.Data.Keys;

/// <summary>A key to create: its name, optional expiry, the scopes it is bound to and the region it prefers.</summary>
public sealed record NewApiKey(string Name, IReadOnlyList<ApiKeyBindingSpec> Bindings, DateTimeOffset? ExpiresAt = null, string? Region = null);
