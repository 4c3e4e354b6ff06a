using Gateway.Policies.Pricing;

namespace Gateway.Policies.Strategies;

/// <summary>The list-price cost of a request at a target, for ordering (not billing: billing uses the answer's usage).</summary>
internal static class CostEstimator
{
    /// <summary>
    /// US dollars: uncached prompt tokens at the input price, cached ones at the cached-input price, output tokens at
    /// the output price. An unpriced target costs +infinity, so it sorts after every priced one.
    /// </summary>
    public static double EstimateUsd(ModelPrice? price, int promptTokens, int cachedPromptTokens, int outputTokens)
    {
        if (price is null)
        {
            return double.PositiveInfinity;
        }
        var cached = Math.Clamp(cachedPromptTokens, 0, Math.Max(0, promptTokens));
        var uncached = Math.Max(0, promptTokens) - cached;
        return ((uncached * (double)price.InputPerMTok) + (cached * (double)price.CachedInputPerMTok)
            + (Math.Max(0, outputTokens) * (double)price.OutputPerMTok)) / 1_000_000d;
    }
}
