using System.Text.Json;

namespace Gateway.Data.Records;

/// <summary>
/// A provider account to create or update. <paramref name="BaseUrl"/> is the provider's documented API root;
/// <paramref name="Settings"/> (a JSON object) holds kind-specific, non-secret settings; null means empty.
/// </summary>
public sealed record ProviderSpec(
    string Id,
    string Kind,
    string BaseUrl,
    Scope Scope,
    string? Region = null,
    JsonElement? Settings = null,
    bool Enabled = true);
