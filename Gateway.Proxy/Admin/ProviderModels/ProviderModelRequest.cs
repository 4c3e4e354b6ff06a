namespace Gateway.Proxy.Admin.ProviderModels;

/// <summary>
/// Body of creating or replacing a provider model. <c>model</c> is required on create and, on replace, may only
/// repeat the name in the path. <c>capabilities</c>: lower-case words (<c>tools</c>, <c>vision</c>, <c>json_schema</c>).
/// </summary>
internal sealed record ProviderModelRequest(
    string? Model = null,
    IReadOnlyList<string?>? Capabilities = null,
    int? ContextWindow = null,
    int? MaxOutputTokens = null,
    JsonElement? ParameterMapping = null,
    bool? Enabled = null);
