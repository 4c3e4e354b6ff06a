using System.Collections.Frozen;
using Gateway.Policies.Keys;
using Gateway.Policies.Quotas;
using Gateway.Policies.RoutingPolicies;

namespace Gateway.Policies.Catalog;

/// <summary>
/// An immutable snapshot of everything a request is decided on: known models and prices, providers, aliases, keys,
/// routing policies and quota limits (built by <see cref="Configuration.CatalogBuilder"/>). A request takes the
/// current snapshot when it starts and keeps it to the end, whatever reloads happen meanwhile.
/// </summary>
public sealed class GatewayCatalog
{
    public GatewayCatalog(
        IReadOnlyDictionary<string, ProviderDefinition> providers,
        IReadOnlyDictionary<string, ModelRoute> routes,
        IReadOnlyDictionary<KeyHash, GatewayKey> keys,
        IReadOnlyDictionary<string, ModelInfo> knownModels,
        IReadOnlyDictionary<Scope, IReadOnlyDictionary<string, ModelRoute>>? scopedRoutes = null)
    {
        Providers = providers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Routes = routes.ToFrozenDictionary(StringComparer.Ordinal);
        Keys = keys.ToFrozenDictionary();
        KnownModels = knownModels.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        var scoped = new Dictionary<Scope, FrozenDictionary<string, ModelRoute>>();
        if (scopedRoutes is not null)
        {
            foreach (var (scope, byName) in scopedRoutes)
            {
                scoped[scope] = byName.ToFrozenDictionary(StringComparer.Ordinal);
            }
        }
        ScopedRoutes = scoped.ToFrozenDictionary();
    }

    public static GatewayCatalog Empty { get; } = new(
        new Dictionary<string, ProviderDefinition>(), new Dictionary<string, ModelRoute>(),
        new Dictionary<KeyHash, GatewayKey>(), new Dictionary<string, ModelInfo>());

    public FrozenDictionary<string, ProviderDefinition> Providers { get; }

    /// <summary>Aliases by name (exact, case-sensitive, as OpenAI model names are).</summary>
    public FrozenDictionary<string, ModelRoute> Routes { get; }

    public FrozenDictionary<KeyHash, GatewayKey> Keys { get; }

    /// <summary>Aliases defined for one organization, team or environment (from the database).</summary>
    public FrozenDictionary<Scope, FrozenDictionary<string, ModelRoute>> ScopedRoutes { get; }

    /// <summary>The shipped catalog with the database's provider models and prices, keyed by <c>provider/model</c>.</summary>
    public FrozenDictionary<string, ModelInfo> KnownModels { get; }

    /// <summary>The active routing policies (from the database).</summary>
    public RoutingPolicySet RoutingPolicies { get; init; } = RoutingPolicySet.Empty;

    /// <summary>The quota rows by subject (from the database); a key's own limits travel with the key.</summary>
    public QuotaLimitIndex Quotas { get; init; } = QuotaLimitIndex.Empty;

    /// <summary>Known models are looked up by provider id first (an SRE's own naming), then by kind.</summary>
    public static ModelInfo? FindKnownModel(IReadOnlyDictionary<string, ModelInfo> models, ProviderDefinition provider, string model)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(provider);
        if (models.TryGetValue($"{provider.Id}/{model}", out var byId))
        {
            return byId;
        }
        return models.TryGetValue($"{provider.Kind}/{model}", out var byKind) ? byKind : null;
    }

    /// <summary>Finds an alias the caller can see, the most specific scope first: environment, team, organization, global.</summary>
    public bool TryGetRoute(string name, in ScopeChain caller, out ModelRoute? route)
    {
        if (ScopedRoutes.Count > 0
            && (TryScoped(ScopeKind.Environment, caller.EnvironmentId, name, out route)
                || TryScoped(ScopeKind.Team, caller.TeamId, name, out route)
                || TryScoped(ScopeKind.Organization, caller.OrganizationId, name, out route)))
        {
            return true;
        }
        if (Routes.TryGetValue(name, out var global))
        {
            route = global;
            return true;
        }
        route = null;
        return false;
    }

    /// <summary>Every alias the caller can see, by name, the most specific scope winning a name clash.</summary>
    public IReadOnlyDictionary<string, ModelRoute> VisibleRoutes(in ScopeChain caller)
    {
        if (ScopedRoutes.Count == 0)
        {
            return Routes;
        }
        var visible = new Dictionary<string, ModelRoute>(Routes, StringComparer.Ordinal);
        AddScoped(visible, ScopeKind.Organization, caller.OrganizationId);
        AddScoped(visible, ScopeKind.Team, caller.TeamId);
        AddScoped(visible, ScopeKind.Environment, caller.EnvironmentId);
        return visible;
    }

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

    private bool TryScoped(ScopeKind kind, Guid? id, string name, out ModelRoute? route)
    {
        if (id is { } value && ScopedRoutes.TryGetValue(Scope.Of(kind, value), out var byName) && byName.TryGetValue(name, out var found))
        {
            route = found;
            return true;
        }
        route = null;
        return false;
    }

    private void AddScoped(Dictionary<string, ModelRoute> visible, ScopeKind kind, Guid? id)
    {
        if (id is { } value && ScopedRoutes.TryGetValue(Scope.Of(kind, value), out var byName))
        {
            foreach (var (name, route) in byName)
            {
                visible[name] = route;
            }
        }
    }
}
