using Gateway.Policies.Strategies;
using Gateway.Policies.Vocabulary;

namespace Gateway.Policies.Configuration.Sections;

/// <summary>
/// The aliases and their targets: the config file's <c>Models</c> (global), then the database's aliases (global or a
/// tenant's). A target names a provider already built and takes what the known models say of it unless it says
/// otherwise; a config alias wins over a global database alias of the same name.
/// </summary>
internal static class RoutesBuilder
{
    public static RouteTable Build(
        GatewayConfigDocument document, DatabaseCatalogDocument? database, Dictionary<string, ProviderDefinition> providers,
        Dictionary<string, ModelInfo> models, List<string> errors, List<string> warnings)
    {
        var routes = new Dictionary<string, ModelRoute>(StringComparer.Ordinal);
        foreach (var (name, model) in document.Models)
        {
            var path = $"Gateway:Models:{name}";
            if (!ValidName(name, path, errors))
            {
                continue;
            }
            var strategy = RoutingStrategy.Failover;
            if (model.Strategy is not null && !Words.Strategies.TryParse(model.Strategy, out strategy))
            {
                errors.Add($"{path}:Strategy: '{model.Strategy}' is not one of {Words.Strategies.List}.");
                continue;
            }
            var parameters = BuildParameters(model.Parameters, $"{path}:Parameters", errors);
            var cache = BuildCache(model.Cache, $"{path}:Cache", errors);
            if (BuildRoute(name, strategy, parameters, model.Targets, path, providers, models, errors) is { } route)
            {
                routes[name] = new ModelRoute { Name = route.Name, Strategy = route.Strategy, Parameters = route.Parameters, Targets = route.Targets, Cache = cache };
            }
        }

        var scoped = new Dictionary<Scope, IReadOnlyDictionary<string, ModelRoute>>();
        if (database is not null)
        {
            AddDatabaseAliases(database, providers, models, routes, scoped, warnings);
        }
        return new RouteTable(routes, scoped);
    }

    private static void AddDatabaseAliases(
        DatabaseCatalogDocument database, Dictionary<string, ProviderDefinition> providers, Dictionary<string, ModelInfo> models,
        Dictionary<string, ModelRoute> globalRoutes, Dictionary<Scope, IReadOnlyDictionary<string, ModelRoute>> scoped, List<string> warnings)
    {
        foreach (var alias in database.Aliases)
        {
            if (alias.Scope.IsGlobal && globalRoutes.ContainsKey(alias.Name))
            {
                warnings.Add($"Database:Aliases:{alias.Name}: the config file defines this alias globally, which wins; the database row is ignored.");
                continue;
            }
            var path = $"Aliases:{alias.Scope}:{alias.Name}";
            var rowErrors = new List<string>();
            var route = ValidName(alias.Name, path, rowErrors)
                ? BuildRoute(alias.Name, alias.Strategy, StrategyParameters.Default, alias.Targets, path, providers, models, rowErrors)
                : null;
            var cache = BuildCache(alias.Cache, path + ":Cache", rowErrors);
            ConfigFields.SkipRow(rowErrors, warnings);
            if (route is null || (alias.Cache is not null && cache is null))
            {
                continue;
            }
            route = new ModelRoute { Name = route.Name, Strategy = route.Strategy, Targets = route.Targets, Scope = alias.Scope, Cache = cache };
            if (alias.Scope.IsGlobal)
            {
                globalRoutes[alias.Name] = route;
                continue;
            }
            if (!scoped.TryGetValue(alias.Scope, out var byName))
            {
                byName = new Dictionary<string, ModelRoute>(StringComparer.Ordinal);
                scoped[alias.Scope] = byName;
            }
            ((Dictionary<string, ModelRoute>)byName)[alias.Name] = route;
        }
    }

    /// <summary>An alias's response cache: a time to live of 1 s to 30 days is required; null when absent or wrong (the error named).</summary>
    private static ResponseCachePolicy? BuildCache(CacheDocument? document, string path, List<string> errors)
    {
        if (document is null)
        {
            return null;
        }
        if (document.TtlSeconds is not { } ttl || ttl < 1 || ttl > ResponseCachePolicy.MaxTtlSeconds)
        {
            errors.Add($"{path}:TtlSeconds: is required, from 1 to {ResponseCachePolicy.MaxTtlSeconds} seconds.");
            return null;
        }
        return new ResponseCachePolicy(ttl, document.CacheNonDeterministic ?? false);
    }

    private static bool ValidName(string name, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
        {
            errors.Add($"{path}: model names may not contain white space.");
            return false;
        }
        return true;
    }

    /// <summary>The alias, or null when it has no targets or one of them is wrong (each error named).</summary>
    private static ModelRoute? BuildRoute(
        string name, RoutingStrategy strategy, StrategyParameters parameters, List<TargetDocument> documents, string path,
        Dictionary<string, ProviderDefinition> providers, Dictionary<string, ModelInfo> models, List<string> errors)
    {
        if (documents.Count == 0)
        {
            errors.Add($"{path}:Targets: at least one target is required.");
            return null;
        }
        var targets = new List<RouteTarget>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var target = BuildTarget(documents[i], $"{path}:Targets:{i}", providers, models, errors);
            if (target is not null)
            {
                targets.Add(target);
            }
        }
        return targets.Count == documents.Count
            ? new ModelRoute { Name = name, Strategy = strategy, Parameters = parameters, Targets = targets }
            : null;
    }

    private static StrategyParameters BuildParameters(StrategyParametersDocument? document, string path, List<string> errors)
    {
        if (document is null)
        {
            return StrategyParameters.Default;
        }
        var parameters = StrategyParameters.Default;
        if (document.Epsilon is { } epsilon)
        {
            if (epsilon is < 0 or > 1 || double.IsNaN(epsilon))
            {
                errors.Add($"{path}:Epsilon: must be within [0, 1].");
            }
            parameters = parameters with { Epsilon = epsilon };
        }
        if (document.StaleAfterSeconds is { } stale)
        {
            if (stale is <= 0 or > 86400 || double.IsNaN(stale))
            {
                errors.Add($"{path}:StaleAfterSeconds: must be greater than 0 and at most 86400.");
            }
            else
            {
                parameters = parameters with { StaleAfter = TimeSpan.FromSeconds(stale) };
            }
        }
        if (document.LatencyMetric is { } metric)
        {
            switch (metric.ToUpperInvariant())
            {
                case "AUTO":
                    break;
                case "TTFT":
                    parameters = parameters with { LatencyMetric = LatencyMetric.TimeToFirstToken };
                    break;
                case "TOTAL":
                    parameters = parameters with { LatencyMetric = LatencyMetric.Total };
                    break;
                default:
                    errors.Add($"{path}:LatencyMetric: '{metric}' is not one of auto, ttft, total.");
                    break;
            }
        }
        parameters = parameters with
        {
            CostWeight = Weight(document.CostWeight, $"{path}:CostWeight", errors) ?? parameters.CostWeight,
            LatencyWeight = Weight(document.LatencyWeight, $"{path}:LatencyWeight", errors) ?? parameters.LatencyWeight,
            ErrorWeight = Weight(document.ErrorWeight, $"{path}:ErrorWeight", errors) ?? parameters.ErrorWeight,
            DefaultOutputTokens = ConfigFields.PositiveOrNull(document.DefaultOutputTokens, $"{path}:DefaultOutputTokens", errors),
        };
        return parameters;

        static double? Weight(double? value, string field, List<string> errors)
        {
            if (value is < 0 or > 1000 || (value is { } v && double.IsNaN(v)))
            {
                errors.Add($"{field}: must be within [0, 1000].");
                return null;
            }
            return value;
        }
    }

    private static RouteTarget? BuildTarget(
        TargetDocument target, string path, Dictionary<string, ProviderDefinition> providers, Dictionary<string, ModelInfo> models, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(target.Provider))
        {
            errors.Add($"{path}:Provider: is required.");
            return null;
        }
        if (!providers.TryGetValue(target.Provider, out var provider))
        {
            errors.Add($"{path}:Provider: '{target.Provider}' is not a configured (and enabled) provider.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(target.Model))
        {
            errors.Add($"{path}:Model: is required.");
            return null;
        }
        if (target.Weight is < 0 or double.NaN)
        {
            errors.Add($"{path}:Weight: must be 0 or more.");
            return null;
        }

        var declared = ConfigFields.ParseModelInfo(target, path, errors);
        var known = GatewayCatalog.FindKnownModel(models, provider, target.Model);
        return new RouteTarget
        {
            Provider = provider,
            Model = target.Model,
            Weight = target.Weight ?? 1,
            ContextWindow = declared.ContextWindow ?? known?.ContextWindow,
            MaxOutputTokens = declared.MaxOutputTokens ?? known?.MaxOutputTokens,
            Capabilities = declared.Capabilities ?? known?.Capabilities,
            Kinds = declared.Kinds ?? known?.Kinds,
            Dimensions = declared.Dimensions ?? known?.Dimensions,
            MaxInputTokens = declared.MaxInputTokens ?? known?.MaxInputTokens,
            ParameterMapping = declared.ParameterMapping ?? known?.ParameterMapping,
            Price = declared.Price ?? known?.Price,
            // An explicit price in the config wins over the price book, at any time.
            PriceSchedule = declared.Price is null ? known?.PriceSchedule : null,
        };
    }
}
