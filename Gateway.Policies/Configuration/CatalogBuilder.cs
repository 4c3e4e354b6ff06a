using Gateway.Policies.Configuration.Sections;

namespace Gateway.Policies.Configuration;

/// <summary>
/// Validates the config document, the shipped catalog file and the database's rows, and builds one immutable
/// <see cref="GatewayCatalog"/> from them, one section builder per section: known models and prices, providers,
/// routes, keys, routing policies, quotas. Every error names the field it is about
/// (<c>Gateway:Providers:openai:BaseUrl</c>), so a broken edit can be fixed from the log alone; a bad database row is
/// skipped with a warning instead, so one tenant's mistake does not stop everyone else's routes.
/// </summary>
public sealed class CatalogBuilder
{
    private readonly ProvidersBuilder _providers;
    private readonly KeysBuilder _keys;

    public CatalogBuilder(IReadOnlyDictionary<string, ProviderKindInfo> kinds, Func<string, string?> environment)
    {
        _providers = new ProvidersBuilder(kinds, environment);
        _keys = new KeysBuilder(environment);
    }

    public CatalogBuildResult Build(GatewayConfigDocument document, ModelCatalogDocument? knownModels, DatabaseCatalogDocument? database = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<string>();
        var warnings = new List<string>();

        var models = KnownModelsBuilder.Build(knownModels, database, errors, warnings);
        var providers = _providers.Build(document, database, errors, warnings);
        var routes = RoutesBuilder.Build(document, database, providers, models, errors, warnings);
        var keys = _keys.Build(document, errors, warnings);
        var policies = RoutingPoliciesBuilder.Build(database, warnings);
        var quotas = QuotasBuilder.Build(database);
        if (errors.Count > 0)
        {
            return new CatalogBuildResult(null, errors, warnings);
        }

        var catalog = new GatewayCatalog(providers, routes.Global, keys, models, routes.Scoped) { RoutingPolicies = policies, Quotas = quotas };
        RoutingPoliciesBuilder.ReportUnknownTargets(catalog, warnings);
        return new CatalogBuildResult(catalog, errors, warnings);
    }
}
