namespace Gateway.Data.Providers;

public sealed record ProviderModelRecord(
    string ProviderId,
    string Model,
    IReadOnlyList<string> Capabilities,
    int? ContextWindow,
    int? MaxOutputTokens,
    JsonElement ParameterMapping,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
