using System.Collections.Frozen;
using Gateway.Policies.Keys;

namespace Gateway.Policies.Catalog;

/// <summary>
/// An immutable snapshot of everything routing needs: providers, aliases, keys. A request takes the current
/// snapshot when it starts and keeps it to the end, whatever reloads happen meanwhile.
/// </summary>
public sealed class GatewayCatalog
{
    public GatewayCatalog(
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlyDictionary<string, ModelRoute> routes,
        IReadOnlyDictionary<KeyHash, GatewayKey> keys,
        IReadOnlyDictionary<string, ModelInfo> knownModels)
    {
        Providers = providers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Routes = routes.ToFrozenDictionary(StringComparer.Ordinal);
        Keys = keys.ToFrozenDictionary();
        KnownModels = knownModels.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public static GatewayCatalog Empty { get; } = new(
        new Dictionary<string, ProviderDefinition>(), new Dictionary<string, ModelRoute>(),
        new Dictionary<KeyHash, GatewayKey>(), new Dictionary<string, ModelInfo>());

    public FrozenDictionary<string, ProviderDefinition> Providers { get; }

    /// <summary>Aliases by name (exact, case-sensitive, as OpenAI model names are).</summary>
    public FrozenDictionary<string, ModelRoute> Routes { get; }

    public FrozenDictionary<KeyHash, GatewayKey> Keys { get; }

    /// <summary>The shipped catalog, keyed by <c>provider/model</c>.</summary>
    public FrozenDictionary<string, ModelInfo> KnownModels { get; }

    public bool TryGetKey(in KeyHash hash, out GatewayKey? key)
    {
        if (Keys.TryGetValue(hash, out var found) && found.Hash.FixedTimeEquals(hash))
        {
            key = found;
            return true;
        }
        key = null;
        return false;
    }
}
