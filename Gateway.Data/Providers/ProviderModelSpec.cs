namespace Gateway.Data.Providers;

/// <summary>
/// A model a provider serves. Capabilities are lower-case words (<c>tools</c>, <c>vision</c>, <c>json_schema</c>);
/// <paramref name="ParameterMapping"/> (a JSON object, null means empty) says how OpenAI parameters map onto the model's.
/// </summary>
public sealed record ProviderModelSpec(
    string ProviderId,
    string Model,
    IReadOnlyList<string> Capabilities,
    int? ContextWindow = null,
    int? MaxOutputTokens = null,
    JsonElement? ParameterMapping = null,
    bool Enabled = true);
