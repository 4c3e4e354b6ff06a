using Gateway.Data.Prices;
using Gateway.Data.Quotas;
using Gateway.Policies.Configuration;
using Gateway.Policies.Quotas;

namespace Gateway.Data.Catalog;

/// <summary>
/// Turns the database's catalog snapshot into the config file's vocabulary, so the same builder validates and
/// merges both (the file is the global scope; database rows may be scoped to a tenant).
/// </summary>
public static class CatalogDocumentMapper
{
    public static DatabaseCatalogDocument Map(CatalogSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var document = new DatabaseCatalogDocument();

        foreach (var row in snapshot.Providers)
        {
            var provider = row.Provider;
            if (!provider.Enabled)
            {
                continue;
            }
            // One description with the config file's: the builder checks the settings (secret ones included) against the
            // adapter's declarations, and builds base URLs, regions and the health check the same way.
            var settings = ReadSettings(provider.Settings);
            foreach (var (name, value) in row.SecretSettings)
            {
                settings[name] = value;
            }
            var entry = new ProviderDocument
            {
                Kind = provider.Kind,
                BaseUrl = provider.BaseUrl,
                BaseUrls = [.. provider.BaseUrls],
                RegionalBaseUrls = DataJson.ReadStringMap(provider.RegionalBaseUrls),
                Region = provider.Region,
                ApiKey = row.Credential,
                Settings = settings,
                HealthCheck = ReadHealthCheck(provider.HealthCheck),
                TimeoutSeconds = provider.TimeoutSeconds,
                AllowDirectModels = provider.AllowDirectModels,
            };
            document.Providers.Add(new ScopedProviderDocument(provider.Id, provider.Scope, entry, provider.RestrictedEgress));
        }

        foreach (var model in snapshot.Models)
        {
            if (!model.Enabled)
            {
                continue;
            }
            document.Models[$"{model.ProviderId}/{model.Model}"] = new ModelInfoDocument
            {
                ContextWindow = model.ContextWindow,
                MaxOutputTokens = model.MaxOutputTokens,
                Capabilities = model.Capabilities.Count > 0 ? [.. model.Capabilities] : null,
                // Checked when written (the admin API); a row written around it loses its mapping rather than the model.
                ParameterMapping = ParameterMappingJson.Read(model.ParameterMapping, "parameter_mapping", []),
            };
        }

        // Prices arrive in force-now first, then scheduled ones. The schedule carries them all (billing uses the
        // one valid when a request runs); the model info carries the one in force now (routing compares these).
        foreach (var price in snapshot.Prices)
        {
            var key = $"{price.ProviderId}/{price.Model}";
            if (!document.PriceSchedules.TryGetValue(key, out var schedule))
            {
                schedule = [];
                document.PriceSchedules[key] = schedule;
            }
            schedule.Add(new ScheduledPriceDocument { EffectiveFrom = price.EffectiveFrom, Price = ToDocument(price) });
            if (price.EffectiveFrom > snapshot.LoadedAt)
            {
                continue;
            }
            if (!document.Models.TryGetValue(key, out var info))
            {
                info = new ModelInfoDocument();
                document.Models[key] = info;
            }
            info.Price = ToDocument(price);
        }

        foreach (var policy in snapshot.Policies)
        {
            document.Policies.Add(new RoutingPolicyDocument(
                policy.Id.ToString(), policy.Name, policy.Scope, policy.Priority,
                policy.Type, policy.Rules.Clone(), policy.Active));
        }

        foreach (var alias in snapshot.Aliases)
        {
            var targets = alias.Targets
                .Select(target => new TargetDocument { Provider = target.Provider, Model = target.Model, Weight = target.Weight is { } weight ? (double)weight : null })
                .ToList();
            var cache = alias.CacheTtlSeconds is { } ttl ? new CacheDocument { TtlSeconds = ttl, CacheNonDeterministic = alias.CacheNonDeterministic } : null;
            document.Aliases.Add(new ScopedModelDocument(alias.Name, alias.Scope, alias.Strategy, targets, cache));
        }

        foreach (var quota in snapshot.Quotas)
        {
            document.Quotas.Add(ToQuotaLimit(quota));
        }
        return document;
    }

    private static QuotaLimit ToQuotaLimit(QuotaRecord quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        return new QuotaLimit(new QuotaSubject(quota.SubjectKind, quota.SubjectId.ToString()), quota.Metric, quota.Window, quota.Limit);
    }

    private static PriceDocument ToDocument(PriceRecord price) => new()
    {
        InputPerMTok = price.InputPerMTok,
        OutputPerMTok = price.OutputPerMTok,
        CachedInputPerMTok = price.CachedReadPerMTok,
        CacheWritePerMTok = price.CacheWritePerMTok,
        PerImage = price.PerImage is null ? null : JsonSerializer.Deserialize<Dictionary<string, decimal>>(price.PerImage),
        PerAudioSecond = price.PerAudioSecond,
        PerMillionSpeechCharacters = price.PerMillionSpeechCharacters,
    };

    /// <summary>The stored health check (<c>{"path": "/models", "interval_seconds": 15, ...}</c>); null for an empty object.</summary>
    private static HealthCheckDocument? ReadHealthCheck(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.EnumerateObject().Any())
        {
            return null;
        }
        return new HealthCheckDocument
        {
            Enabled = element.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is JsonValueKind.True or JsonValueKind.False ? enabled.GetBoolean() : null,
            Path = element.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.String ? path.GetString() : null,
            IntervalSeconds = Number(element, "interval_seconds"),
            TimeoutSeconds = Number(element, "timeout_seconds"),
            FailureThreshold = Number(element, "failure_threshold") is { } threshold ? (int)threshold : null,
        };

        static double? Number(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
    }

    private static Dictionary<string, string> ReadSettings(JsonElement settings)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (settings.ValueKind != JsonValueKind.Object)
        {
            return values;
        }
        foreach (var property in settings.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.GetRawText(),
            };
        }
        return values;
    }
}
