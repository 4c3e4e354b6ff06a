using Gateway.Policies.Catalog;
using Gateway.Policies.Keys;
using Gateway.Policies.Pricing;
using Gateway.Policies.Strategies;
using Gateway.Policies.Tenancy;

namespace Gateway.Policies.Configuration;

/// <summary>
/// Validates the config document and builds an immutable <see cref="GatewayCatalog"/>. Every error names the
/// field it is about (<c>Gateway:Providers:openai:BaseUrl</c>), so a broken edit can be fixed from the log alone.
/// </summary>
public sealed class CatalogBuilder
{
    private const string Root = "Gateway";

    private readonly IReadOnlyDictionary<string, ProviderKindInfo> _kinds;
    private readonly Func<string, string?> _environment;

    public CatalogBuilder(IReadOnlyDictionary<string, ProviderKindInfo> kinds, Func<string, string?> environment)
    {
        _kinds = kinds;
        _environment = environment;
    }

    public CatalogBuildResult Build(GatewayConfigDocument document, ModelCatalogDocument? knownModels, DatabaseCatalogDocument? database = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<string>();
        var warnings = new List<string>();

        var models = BuildKnownModels(knownModels, errors);
        var providers = BuildProviders(document, errors, warnings);
        Dictionary<Scope, IReadOnlyDictionary<string, ModelRoute>>? scoped = null;
        if (database is not null)
        {
            // Database rows are checked like config entries, but a bad row is skipped with a warning: one
            // tenant's mistake must not stop the gateway from loading everyone else's routes.
            AddDatabaseModels(database, models, warnings);
            AddDatabaseProviders(database, providers, warnings);
        }
        var routes = BuildRoutes(document, providers, models, errors);
        if (database is not null)
        {
            scoped = BuildDatabaseRoutes(database, providers, models, routes, warnings);
        }
        var keys = BuildKeys(document, errors, warnings);

        if (errors.Count > 0)
        {
            return new CatalogBuildResult(null, errors, warnings);
        }
        return new CatalogBuildResult(new GatewayCatalog(providers, routes, keys, models, scoped), errors, warnings);
    }

    private static void AddDatabaseModels(DatabaseCatalogDocument database, Dictionary<string, ModelInfo> models, List<string> warnings)
    {
        // Schedules first, while models still holds only the shipped catalog: its price is the base before the
        // price book's first entry.
        var schedules = new Dictionary<string, PriceSchedule>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entries) in database.PriceSchedules)
        {
            var shipped = models.TryGetValue(name, out var info) ? info.Price : null;
            if (BuildPriceSchedule(name, entries, shipped, warnings) is { } schedule)
            {
                schedules[name] = schedule;
            }
        }

        var known = BuildKnownModels(new ModelCatalogDocument { Models = database.Models }, warnings);
        foreach (var (name, info) in known)
        {
            models[name] = models.TryGetValue(name, out var shipped)
                ? new ModelInfo(info.ContextWindow ?? shipped.ContextWindow, info.MaxOutputTokens ?? shipped.MaxOutputTokens,
                    info.Capabilities ?? shipped.Capabilities, info.Price ?? shipped.Price)
                : info;
        }
        foreach (var (name, schedule) in schedules)
        {
            models[name] = (models.TryGetValue(name, out var info) ? info : new ModelInfo(null, null, null, null)) with { PriceSchedule = schedule };
        }
    }

    /// <summary>
    /// The price book's entries for one model, with the shipped price as the base before the first of them, so a
    /// model whose only database price lies in the future is billed at the shipped price until then.
    /// </summary>
    private static PriceSchedule? BuildPriceSchedule(string name, List<ScheduledPriceDocument> entries, ModelPrice? shipped, List<string> warnings)
    {
        var points = new List<PricePoint>(entries.Count + 1);
        if (shipped is not null)
        {
            points.Add(new PricePoint(DateTimeOffset.MinValue, shipped));
        }
        foreach (var entry in entries)
        {
            var price = ParsePrice(entry.Price, $"Database:Prices:{name}:{entry.EffectiveFrom:O}", warnings);
            if (price is not null)
            {
                points.Add(new PricePoint(entry.EffectiveFrom, price));
            }
        }
        return points.Count == 0 ? null : PriceSchedule.Create(points);
    }

    private void AddDatabaseProviders(DatabaseCatalogDocument database, Dictionary<string, ProviderDefinition> providers, List<string> warnings)
    {
        foreach (var row in database.Providers)
        {
            if (providers.ContainsKey(row.Id))
            {
                warnings.Add($"Database:Providers:{row.Id}: a provider with this id is in the config file, which wins; the database row is ignored.");
                continue;
            }
            var single = new GatewayConfigDocument();
            single.Providers[row.Id] = row.Provider;
            var rowErrors = new List<string>();
            var built = BuildProviders(single, rowErrors, [], resolveSecrets: false);
            foreach (var error in rowErrors)
            {
                warnings.Add("Database: " + error + " (row skipped)");
            }
            if (built.TryGetValue(row.Id, out var provider))
            {
                providers[row.Id] = new ProviderDefinition
                {
                    Id = provider.Id,
                    Kind = provider.Kind,
                    BaseUrls = provider.BaseUrls,
                    Regions = provider.Regions,
                    ApiKey = provider.ApiKey,
                    Settings = provider.Settings,
                    HealthCheck = provider.HealthCheck,
                    Timeout = provider.Timeout,
                    Scope = row.Scope,
                    AllowDirectModels = provider.AllowDirectModels,
                    RestrictedEgress = row.RestrictedEgress,
                };
            }
        }
    }

    private static Dictionary<Scope, IReadOnlyDictionary<string, ModelRoute>> BuildDatabaseRoutes(
        DatabaseCatalogDocument database, Dictionary<string, ProviderDefinition> providers, Dictionary<string, ModelInfo> models,
        Dictionary<string, ModelRoute> globalRoutes, List<string> warnings)
    {
        var scoped = new Dictionary<Scope, IReadOnlyDictionary<string, ModelRoute>>();
        foreach (var alias in database.Aliases)
        {
            if (alias.Scope.IsGlobal && globalRoutes.ContainsKey(alias.Name))
            {
                warnings.Add($"Database:Aliases:{alias.Name}: the config file defines this alias globally, which wins; the database row is ignored.");
                continue;
            }
            var single = new GatewayConfigDocument();
            single.Models[alias.Name] = alias.Model;
            var rowErrors = new List<string>();
            var built = BuildRoutes(single, providers, models, rowErrors);
            foreach (var error in rowErrors)
            {
                warnings.Add("Database: " + error + " (row skipped)");
            }
            if (!built.TryGetValue(alias.Name, out var route))
            {
                continue;
            }
            route = new ModelRoute { Name = route.Name, Strategy = route.Strategy, Targets = route.Targets, Scope = alias.Scope };
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
        return scoped;
    }

    private static Dictionary<string, ModelInfo> BuildKnownModels(ModelCatalogDocument? document, List<string> errors)
    {
        var models = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
        if (document is null)
        {
            return models;
        }
        foreach (var (name, info) in document.Models)
        {
            var path = $"Catalog:Models:{name}";
            if (!name.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{path}: catalog entries are keyed 'provider/model'.");
                continue;
            }
            models[name] = new ModelInfo(
                PositiveOrNull(info.ContextWindow, $"{path}:ContextWindow", errors),
                PositiveOrNull(info.MaxOutputTokens, $"{path}:MaxOutputTokens", errors),
                ParseCapabilities(info.Capabilities, $"{path}:Capabilities", errors),
                ParsePrice(info.Price, $"{path}:Price", errors));
        }
        return models;
    }

    private Dictionary<string, ProviderDefinition> BuildProviders(GatewayConfigDocument document, List<string> errors, List<string> warnings, bool resolveSecrets = true)
    {
        var providers = new Dictionary<string, ProviderDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, provider) in document.Providers)
        {
            var path = $"{Root}:Providers:{id}";
            if (provider.Enabled == false)
            {
                continue;
            }
            if (!IsValidId(id))
            {
                errors.Add($"{path}: provider ids may contain only letters, digits, '-', '_' and '.'.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(provider.Kind))
            {
                errors.Add($"{path}:Kind: is required (one of {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))}).");
                continue;
            }
            if (!_kinds.TryGetValue(provider.Kind, out var kind))
            {
                errors.Add($"{path}:Kind: '{provider.Kind}' is not a known provider kind (one of {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))}).");
                continue;
            }

            var baseUrls = new List<string>();
            var regions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var primary = string.IsNullOrWhiteSpace(provider.BaseUrl) && provider.RegionalBaseUrls.Count == 0 ? kind.DefaultBaseUrl : provider.BaseUrl;
            if (string.IsNullOrWhiteSpace(primary))
            {
                if (provider.BaseUrls.Count == 0 && provider.RegionalBaseUrls.Count == 0)
                {
                    errors.Add($"{path}:BaseUrl: is required for kind '{kind.Kind}'.");
                    continue;
                }
            }
            else if (ValidUrl(primary, $"{path}:BaseUrl", errors))
            {
                baseUrls.Add(primary);
            }
            for (var i = 0; i < provider.BaseUrls.Count; i++)
            {
                if (ValidUrl(provider.BaseUrls[i], $"{path}:BaseUrls:{i}", errors) && !baseUrls.Contains(provider.BaseUrls[i], StringComparer.OrdinalIgnoreCase))
                {
                    baseUrls.Add(provider.BaseUrls[i]);
                }
            }
            foreach (var (region, url) in provider.RegionalBaseUrls)
            {
                if (ValidUrl(url, $"{path}:RegionalBaseUrls:{region}", errors) && !regions.ContainsKey(url))
                {
                    regions[url] = region;
                    if (!baseUrls.Contains(url, StringComparer.OrdinalIgnoreCase))
                    {
                        baseUrls.Add(url);
                    }
                }
            }

            // Database credentials are stored encrypted and arrive decrypted, never as references.
            var apiKey = resolveSecrets ? SecretReference.Resolve(provider.ApiKey, _environment) : provider.ApiKey;
            if (resolveSecrets && provider.ApiKey is not null && apiKey is null)
            {
                warnings.Add($"{path}:ApiKey: {provider.ApiKey} is not set; requests to this provider go without a credential.");
            }
            else if (resolveSecrets && apiKey is not null && !SecretReference.IsReference(provider.ApiKey))
            {
                warnings.Add($"{path}:ApiKey: is a literal secret; prefer an env:NAME reference.");
            }

            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in provider.Settings)
            {
                var resolved = resolveSecrets ? SecretReference.Resolve(value, _environment) : value;
                if (resolved is null)
                {
                    warnings.Add($"{path}:Settings:{name}: {value} is not set.");
                    continue;
                }
                settings[name] = resolved;
            }

            TimeSpan? timeout = null;
            if (provider.TimeoutSeconds is { } seconds)
            {
                if (seconds <= 0)
                {
                    errors.Add($"{path}:TimeoutSeconds: must be greater than 0.");
                }
                else
                {
                    timeout = TimeSpan.FromSeconds(seconds);
                }
            }

            providers[id] = new ProviderDefinition
            {
                Id = id,
                Kind = kind.Kind,
                BaseUrls = baseUrls,
                Regions = regions,
                ApiKey = apiKey,
                Settings = settings,
                HealthCheck = BuildHealthCheck(provider.HealthCheck, $"{path}:HealthCheck", errors),
                Timeout = timeout,
                AllowDirectModels = provider.AllowDirectModels != false,
            };
        }
        return providers;
    }

    private static ActiveHealthCheckDefinition? BuildHealthCheck(HealthCheckDocument? document, string path, List<string> errors)
    {
        if (document is null || document.Enabled == false || (document.Enabled is null && document.Path is null))
        {
            return null;
        }
        var probePath = document.Path ?? "/models";
        if (!probePath.StartsWith('/'))
        {
            errors.Add($"{path}:Path: must start with '/'.");
            return null;
        }
        var interval = document.IntervalSeconds ?? 15;
        var timeout = document.TimeoutSeconds ?? 5;
        if (interval <= 0 || timeout <= 0)
        {
            errors.Add($"{path}: IntervalSeconds and TimeoutSeconds must be greater than 0.");
            return null;
        }
        var threshold = document.FailureThreshold ?? 2;
        if (threshold < 1)
        {
            errors.Add($"{path}:FailureThreshold: must be at least 1.");
            return null;
        }
        return new ActiveHealthCheckDefinition(probePath, TimeSpan.FromSeconds(interval), TimeSpan.FromSeconds(timeout), threshold);
    }

    private static Dictionary<string, ModelRoute> BuildRoutes(
        GatewayConfigDocument document, Dictionary<string, ProviderDefinition> providers, Dictionary<string, ModelInfo> models, List<string> errors)
    {
        var routes = new Dictionary<string, ModelRoute>(StringComparer.Ordinal);
        foreach (var (name, model) in document.Models)
        {
            var path = $"{Root}:Models:{name}";
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            {
                errors.Add($"{path}: model names may not contain white space.");
                continue;
            }
            var strategy = RoutingStrategy.Failover;
            if (model.Strategy is not null && !RoutingPolicies.RoutingPolicyParser.TryParseStrategy(model.Strategy, out strategy))
            {
                errors.Add($"{path}:Strategy: '{model.Strategy}' is not one of failover, weighted, latency, cost, hybrid, throughput.");
                continue;
            }
            var parameters = BuildParameters(model.Parameters, $"{path}:Parameters", errors);
            if (model.Targets.Count == 0)
            {
                errors.Add($"{path}:Targets: at least one target is required.");
                continue;
            }

            var targets = new List<RouteTarget>(model.Targets.Count);
            for (var i = 0; i < model.Targets.Count; i++)
            {
                var target = BuildTarget(model.Targets[i], $"{path}:Targets:{i}", providers, models, errors);
                if (target is not null)
                {
                    targets.Add(target);
                }
            }
            if (targets.Count == model.Targets.Count)
            {
                routes[name] = new ModelRoute { Name = name, Strategy = strategy, Parameters = parameters, Targets = targets };
            }
        }
        return routes;
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
            DefaultOutputTokens = PositiveOrNull(document.DefaultOutputTokens, $"{path}:DefaultOutputTokens", errors),
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

        var known = FindKnownModel(models, provider, target.Model);
        var explicitPrice = ParsePrice(target.Price, $"{path}:Price", errors);
        return new RouteTarget
        {
            Provider = provider,
            Model = target.Model,
            Weight = target.Weight ?? 1,
            ContextWindow = PositiveOrNull(target.ContextWindow, $"{path}:ContextWindow", errors) ?? known?.ContextWindow,
            MaxOutputTokens = PositiveOrNull(target.MaxOutputTokens, $"{path}:MaxOutputTokens", errors) ?? known?.MaxOutputTokens,
            Capabilities = ParseCapabilities(target.Capabilities, $"{path}:Capabilities", errors) ?? known?.Capabilities,
            Price = explicitPrice ?? known?.Price,
            // An explicit price in the config wins over the price book, at any time.
            PriceSchedule = explicitPrice is null ? known?.PriceSchedule : null,
        };
    }

    /// <summary>Catalog entries are looked up by provider id first (an SRE's own naming), then by kind.</summary>
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

    private Dictionary<KeyHash, GatewayKey> BuildKeys(GatewayConfigDocument document, List<string> errors, List<string> warnings)
    {
        var keys = new Dictionary<KeyHash, GatewayKey>();
        foreach (var (id, key) in document.Keys)
        {
            var path = $"{Root}:Keys:{id}";
            if (key.Enabled == false)
            {
                continue;
            }
            KeyHash hash;
            if (key.KeyHash is not null)
            {
                if (key.Key is not null)
                {
                    errors.Add($"{path}: give either Key or KeyHash, not both.");
                    continue;
                }
                if (!KeyHash.TryParseHex(key.KeyHash, out hash))
                {
                    errors.Add($"{path}:KeyHash: must be 64 hex digits (SHA-256), optionally prefixed 'sha256:'.");
                    continue;
                }
            }
            else
            {
                if (key.Key is null)
                {
                    errors.Add($"{path}:Key: is required (an env:NAME reference), or give KeyHash.");
                    continue;
                }
                var secret = SecretReference.Resolve(key.Key, _environment);
                if (secret is null)
                {
                    warnings.Add($"{path}:Key: {key.Key} is not set; this key is disabled.");
                    continue;
                }
                if (!SecretReference.IsReference(key.Key))
                {
                    warnings.Add($"{path}:Key: is a literal secret; prefer an env:NAME reference or KeyHash.");
                }
                hash = KeyHash.Compute(secret);
            }

            if (keys.ContainsKey(hash))
            {
                errors.Add($"{path}: the same key is configured twice.");
                continue;
            }
            if (!ValidKeyLimits(key, path, errors))
            {
                continue;
            }
            keys[hash] = new GatewayKey
            {
                Id = id,
                Hash = hash,
                AllowedModels = new HashSet<string>(key.Models, StringComparer.Ordinal),
                IsAdmin = key.Admin == true,
                AllowDirectModels = key.AllowDirectModels != false,
                Region = string.IsNullOrWhiteSpace(key.Region) ? null : key.Region,
                RequestsPerMinute = key.RequestsPerMinute,
                TokensPerMinute = key.TokensPerMinute,
                DailyBudgetUsd = key.DailyBudgetUsd,
                MonthlyBudgetUsd = key.MonthlyBudgetUsd,
            };
        }
        return keys;
    }

    /// <summary>Limits are optional; a given one must be positive (to block a key, disable it instead).</summary>
    private static bool ValidKeyLimits(KeyDocument key, string path, List<string> errors)
    {
        var valid = true;
        if (key.RequestsPerMinute is <= 0)
        {
            errors.Add($"{path}:RequestsPerMinute: must be greater than 0.");
            valid = false;
        }
        if (key.TokensPerMinute is <= 0)
        {
            errors.Add($"{path}:TokensPerMinute: must be greater than 0.");
            valid = false;
        }
        if (key.DailyBudgetUsd is <= 0)
        {
            errors.Add($"{path}:DailyBudgetUsd: must be greater than 0.");
            valid = false;
        }
        if (key.MonthlyBudgetUsd is <= 0)
        {
            errors.Add($"{path}:MonthlyBudgetUsd: must be greater than 0.");
            valid = false;
        }
        return valid;
    }

    private static bool IsValidId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool ValidUrl(string? url, string path, List<string> errors)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
        {
            return true;
        }
        errors.Add($"{path}: '{url}' is not an absolute http(s) URL without query or fragment.");
        return false;
    }

    private static int? PositiveOrNull(int? value, string path, List<string> errors)
    {
        if (value is <= 0)
        {
            errors.Add($"{path}: must be greater than 0.");
            return null;
        }
        return value;
    }

    private static ModelCapabilities? ParseCapabilities(List<string>? names, string path, List<string> errors)
    {
        if (names is null)
        {
            return null;
        }
        var capabilities = ModelCapabilities.None;
        foreach (var name in names)
        {
            if (!ModelCapabilityNames.TryParse(name, out var capability))
            {
                errors.Add($"{path}: '{name}' is not one of tools, vision, json_schema, audio.");
                continue;
            }
            capabilities |= capability;
        }
        return capabilities;
    }

    private static ModelPrice? ParsePrice(PriceDocument? price, string path, List<string> errors)
    {
        if (price is null)
        {
            return null;
        }
        if (price.InputPerMTok is < 0 || price.OutputPerMTok is < 0 || price.CachedInputPerMTok is < 0 || price.CacheWritePerMTok is < 0)
        {
            errors.Add($"{path}: prices must be 0 or more.");
            return null;
        }
        if (price.InputPerMTok is null || price.OutputPerMTok is null)
        {
            errors.Add($"{path}: InputPerMTok and OutputPerMTok are required.");
            return null;
        }
        var input = price.InputPerMTok.Value;
        return new ModelPrice(input, price.OutputPerMTok.Value, price.CachedInputPerMTok ?? input, price.CacheWritePerMTok ?? input);
    }
}
