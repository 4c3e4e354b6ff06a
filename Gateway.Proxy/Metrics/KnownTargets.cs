using Gateway.Policies.Configuration;
using Gateway.Policies.Resilience;
using Gateway.Proxy.Configuration;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// The (provider, model) pairs the current catalog knows: every alias's targets (config and database, every scope)
/// and the shipped catalog's models. Anything else was named by a client (<c>provider/any-string</c>), so it may
/// not become a metric label nor keep breaker and statistics entries once idle. Rebuilt once per published catalog.
/// </summary>
internal sealed class KnownTargets(CatalogPublisher catalog)
{
    private readonly CatalogPublisher _catalog = catalog;
    private Indexed? _indexed;

    public bool Contains(TargetKey target) => Contains(target.ProviderId, target.Model);

    public bool Contains(string providerId, string model)
    {
        var catalog = _catalog.Current.Catalog;
        if (For(catalog).Contains(new TargetKey(providerId, model)))
        {
            return true;
        }
        return catalog.Providers.TryGetValue(providerId, out var provider)
            && GatewayCatalog.FindKnownModel(catalog.KnownModels, provider, model) is not null;
    }

    private HashSet<TargetKey> For(GatewayCatalog catalog)
    {
        var indexed = Volatile.Read(ref _indexed);
        if (indexed is not null && ReferenceEquals(indexed.Catalog, catalog))
        {
            return indexed.Targets;
        }
        // Two threads may both build after a reload; the results are equal, either may win.
        var targets = new HashSet<TargetKey>();
        AddTargets(targets, catalog.Routes.Values);
        foreach (var scoped in catalog.ScopedRoutes.Values)
        {
            AddTargets(targets, scoped.Values);
        }
        Volatile.Write(ref _indexed, new Indexed(catalog, targets));
        return targets;
    }

    private static void AddTargets(HashSet<TargetKey> targets, IEnumerable<ModelRoute> routes)
    {
        foreach (var route in routes)
        {
            foreach (var target in route.Targets)
            {
                targets.Add(new TargetKey(target.Provider.Id, target.Model));
            }
        }
    }

    private sealed record Indexed(GatewayCatalog Catalog, HashSet<TargetKey> Targets);
}
