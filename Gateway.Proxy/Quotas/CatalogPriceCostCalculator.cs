using Gateway.Policies.Catalog;
using Gateway.Policies.Pricing;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Budgets count the same cost the usage record bills: the target's price valid now (config, the database's price
/// schedule, or the shipped catalog), through the one <see cref="CostCalculator"/>.
/// </summary>
internal sealed class CatalogPriceCostCalculator : IQuotaCostCalculator
{
    private readonly TimeProvider _time;

    public CatalogPriceCostCalculator(TimeProvider time)
    {
        _time = time;
    }

    public decimal Cost(RouteTarget target, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.PriceAt(_time.GetUtcNow()) is { } price
            ? CostCalculator.Compute(price, usage.PromptTokens, usage.CompletionTokens, usage.CachedReadTokens, usage.CacheWriteTokens)
            : 0m;
    }
}
