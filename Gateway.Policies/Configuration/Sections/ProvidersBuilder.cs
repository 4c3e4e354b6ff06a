namespace Gateway.Policies.Configuration.Sections;

/// <summary>
/// The provider accounts: the config file's (global; secrets resolved from <c>env:</c> references), then the
/// database's (possibly a tenant's; credentials arrive decrypted). A config id wins over a database row's.
/// </summary>
internal sealed class ProvidersBuilder
{
    private const string Root = "Gateway";

    private readonly IReadOnlyDictionary<string, ProviderKindInfo> _kinds;
    private readonly Func<string, string?> _environment;

    public ProvidersBuilder(IReadOnlyDictionary<string, ProviderKindInfo> kinds, Func<string, string?> environment)
    {
        _kinds = kinds;
        _environment = environment;
    }

    public Dictionary<string, ProviderDefinition> Build(GatewayConfigDocument document, DatabaseCatalogDocument? database, List<string> errors, List<string> warnings)
    {
        var providers = BuildProviders(document, errors, warnings);
        if (database is not null)
        {
            AddDatabaseProviders(database, providers, warnings);
        }
        return providers;
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
            var rowWarnings = new List<string>();
            var built = BuildProviders(single, rowErrors, rowWarnings, resolveSecrets: false);
            ConfigFields.SkipRow(rowErrors, warnings);
            foreach (var warning in rowWarnings)
            {
                warnings.Add("Database: " + warning);
            }
            // A row with a setting its adapter refuses would fail every request: it is skipped, as the warning says.
            if (rowErrors.Count == 0 && built.TryGetValue(row.Id, out var provider))
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
            if (!ConfigFields.IsValidId(id))
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
            else if (ConfigFields.ValidUrl(primary, $"{path}:BaseUrl", errors))
            {
                baseUrls.Add(primary);
            }
            for (var i = 0; i < provider.BaseUrls.Count; i++)
            {
                if (ConfigFields.ValidUrl(provider.BaseUrls[i], $"{path}:BaseUrls:{i}", errors) && !baseUrls.Contains(provider.BaseUrls[i], StringComparer.OrdinalIgnoreCase))
                {
                    baseUrls.Add(provider.BaseUrls[i]);
                }
            }
            if (provider.Region is { } baseRegion)
            {
                if (string.IsNullOrWhiteSpace(baseRegion) || baseRegion.Length > 64)
                {
                    errors.Add($"{path}:Region: must be 1 to 64 characters.");
                }
                else if (baseUrls.Count > 0)
                {
                    regions[baseUrls[0]] = baseRegion.Trim();
                }
            }
            foreach (var (region, url) in provider.RegionalBaseUrls)
            {
                if (ConfigFields.ValidUrl(url, $"{path}:RegionalBaseUrls:{region}", errors) && !regions.ContainsKey(url))
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
            CheckSettings(kind, settings, path, errors, warnings);

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
                PropagateTraceContext = provider.PropagateTraceContext == true,
            };
        }
        return providers;
    }

    /// <summary>The adapter's check of its settings: a problem is an error naming the setting, a deprecation a warning.</summary>
    private static void CheckSettings(ProviderKindInfo kind, Dictionary<string, string> settings, string path, List<string> errors, List<string> warnings)
    {
        if (kind.CheckSettings is null)
        {
            return;
        }
        foreach (var problem in kind.CheckSettings(settings))
        {
            (problem.IsWarning ? warnings : errors).Add($"{path}:Settings:{problem.Setting}: {problem.Message}");
        }
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
}
