namespace Gateway.Policies.Configuration;

/// <summary>The <c>Gateway</c> section of the config file, as bound from configuration (dictionaries keyed by id).</summary>
public sealed class GatewayConfigDocument
{
    public Dictionary<string, ProviderDocument> Providers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, ModelDocument> Models { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, KeyDocument> Keys { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
