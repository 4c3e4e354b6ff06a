using Gateway.Policies.Catalog;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Cost from the price the catalog carries for the target (config, shipped catalog or the database's price book):
/// uncached prompt tokens at the input price, cached reads and cache writes at theirs, completion at the output price.
/// </summary>
internal sealed class CatalogPriceCostCalculator : IQuotaCostCalculator
{
    private const decimal TokensPerPriceUnit = 1_000_000m;

    public decimal Cost(RouteTarget target, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Price is not { } price)
        {
            return 0;
        }
        // OpenAI's prompt count includes cached reads and cache writes; each is priced once.
        var uncached = Math.Max(usage.PromptTokens - usage.CachedReadTokens - usage.CacheWriteTokens, 0);
        var total = uncached * price.InputPerMTok
            + usage.CachedReadTokens * price.CachedInputPerMTok
            + usage.CacheWriteTokens * price.CacheWritePerMTok
            + usage.CompletionTokens * price.OutputPerMTok;
        return total / TokensPerPriceUnit;
    }
}
