using System.Text.Json;
using Gateway.Data.Records;
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
            var settings = ReadSettings(provider.Settings);
            if (provider.Region is { Length: > 0 } region && !settings.ContainsKey("Region"))
            {
                settings["Region"] = region;
            }
            var entry = new ProviderDocument
            {
                Kind = provider.Kind, BaseUrl = provider.BaseUrl, ApiKey = row.Credential, Settings = settings, AllowDirectModels = provider.AllowDirectModels,
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
