namespace Gateway.Data.Records;

/// <summary>A key to create: its name, optional expiry and the scopes it is bound to.</summary>
public sealed record NewApiKey(string Name, IReadOnlyList<ApiKeyBindingSpec> Bindings, DateTimeOffset? ExpiresAt = null);
