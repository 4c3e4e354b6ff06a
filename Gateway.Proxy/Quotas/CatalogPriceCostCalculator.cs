using Gateway.Policies.Catalog;
using Gateway.Policies.Pricing;
using Gateway.Transforms.Usage;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Budgets count the same cost the usage record bills: the target's price valid now (config, the database's price
/// schedule, or the shipped catalog), through the one <see cref="CostCalculator"/>. A target without a price is
/// charged <see cref="QuotaOptions.DefaultPrice"/> when the operator set one.
/// </summary>
internal sealed class CatalogPriceCostCalculator : IQuotaCostCalculator
{
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<QuotaOptions> _options;

    public CatalogPriceCostCalculator(TimeProvider time, IOptionsMonitor<QuotaOptions> options)
    {
        _time = time;
        _options = options;
    }

    public decimal Cost(RouteTarget target, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(target);
        return PriceOf(target) is { } price
            ? CostCalculator.Compute(price, usage.PromptTokens, usage.CompletionTokens, usage.CachedReadTokens, usage.CacheWriteTokens)
            : 0m;
    }

    public bool CanPrice(RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return PriceOf(target) is not null;
    }

    private ModelPrice? PriceOf(RouteTarget target) =>
        target.PriceAt(_time.GetUtcNow())
        ?? (_options.CurrentValue.DefaultPrice is { } fallback
            ? new ModelPrice(fallback.InputPerMTok, fallback.OutputPerMTok, fallback.InputPerMTok, fallback.InputPerMTok)
            : null);
}
