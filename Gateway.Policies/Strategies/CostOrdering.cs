namespace Gateway.Policies.Strategies;

/// <summary>Cheapest first by the estimated cost of this request (prompt, cached prompt and output tokens at list price); unpriced last; ties keep configured order.</summary>
internal static class CostOrdering
{
    public static void Apply(Span<RouteTarget> items, Span<double> keys, StrategyParameters parameters, in OrderingContext context)
    {
        var output = context.OutputTokens(parameters);
        for (var i = 0; i < items.Length; i++)
        {
            keys[i] = CostEstimator.EstimateUsd(items[i].Price, context.EstimatedPromptTokens, context.CachedPromptTokens, output);
        }
        StableSort.Ascending(items, keys);
    }
}
