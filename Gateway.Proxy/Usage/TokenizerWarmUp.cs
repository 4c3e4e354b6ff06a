using Gateway.Policies.Tokens;
using Gateway.Proxy.Configuration;

namespace Gateway.Proxy.Usage;

/// <summary>
/// Loads, in the background, the tokenizer vocabularies of the models the catalog can route to, at start-up and again
/// whenever a new catalog is published: only those, so a gateway that never reaches a model of a family does not
/// carry its vocabulary (a few MB each), and no request waits for one of a configured model.
/// </summary>
internal static class TokenizerWarmUp
{
    public static void Start(CatalogPublisher catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Published += snapshot => Load(snapshot.Catalog);
        Load(catalog.Current.Catalog);
    }

    private static void Load(GatewayCatalog catalog)
    {
        var models = new HashSet<string>(StringComparer.Ordinal);
        Collect(catalog.Routes.Values, models);
        foreach (var scoped in catalog.ScopedRoutes.Values)
        {
            Collect(scoped.Values, models);
        }
        _ = Task.Run(() => TokenEncodings.WarmUp(models));
    }

    private static void Collect(IEnumerable<ModelRoute> routes, HashSet<string> models)
    {
        foreach (var route in routes)
        {
            foreach (var target in route.Targets)
            {
                models.Add(target.Model);
            }
        }
    }
}
