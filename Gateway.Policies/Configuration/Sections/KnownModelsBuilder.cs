using Gateway.Policies.Pricing;

namespace Gateway.Policies.Configuration.Sections;

/// <summary>
/// The known models and their prices, keyed <c>provider/model</c>: the shipped catalog file, overridden by the
/// database's provider models and current prices, with the price book's schedules.
/// </summary>
internal static class KnownModelsBuilder
{
    public static Dictionary<string, ModelInfo> Build(ModelCatalogDocument? shipped, DatabaseCatalogDocument? database, List<string> errors, List<string> warnings)
    {
        var models = Parse(shipped, errors);
        if (database is not null)
        {
            AddDatabaseModels(database, models, warnings);
        }
        return models;
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

        var known = Parse(new ModelCatalogDocument { Models = database.Models }, warnings);
        foreach (var (name, info) in known)
        {
            models[name] = models.TryGetValue(name, out var shipped)
                ? new ModelInfo(info.ContextWindow ?? shipped.ContextWindow, info.MaxOutputTokens ?? shipped.MaxOutputTokens,
                    info.Capabilities ?? shipped.Capabilities, info.Price ?? shipped.Price)
                {
                    Kinds = info.Kinds ?? shipped.Kinds,
                    Dimensions = info.Dimensions ?? shipped.Dimensions,
                    MaxInputTokens = info.MaxInputTokens ?? shipped.MaxInputTokens,
                    ParameterMapping = info.ParameterMapping ?? shipped.ParameterMapping,
                }
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
            var price = ConfigFields.ParsePrice(entry.Price, $"Database:Prices:{name}:{entry.EffectiveFrom:O}", warnings);
            if (price is not null)
            {
                points.Add(new PricePoint(entry.EffectiveFrom, price));
            }
        }
        return points.Count == 0 ? null : PriceSchedule.Create(points);
    }

    private static Dictionary<string, ModelInfo> Parse(ModelCatalogDocument? document, List<string> errors)
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
            models[name] = ConfigFields.ParseModelInfo(info, path, errors);
        }
        return models;
    }
}
