using Gateway.Data.Providers;

namespace Gateway.Proxy.Admin.ProviderModels;

internal sealed record ProviderModelResponse(
    string ProviderId,
    string Model,
    IReadOnlyList<string> Capabilities,
    int? ContextWindow,
    int? MaxOutputTokens,
    JsonElement ParameterMapping,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : ApiObject("provider_model")
{
    public static ProviderModelResponse From(ProviderModelRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.ProviderId, record.Model, record.Capabilities, record.ContextWindow, record.MaxOutputTokens, record.ParameterMapping,
            record.Enabled, record.CreatedAt, record.UpdatedAt);
    }
}
