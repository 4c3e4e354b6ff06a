namespace Gateway.Policies.Pricing;

/// <summary>
/// What a request cost, in US dollars, from its token counts and the price per million tokens. Decimal arithmetic
/// only, so sums over millions of requests stay exact to the cent and beyond.
/// </summary>
public static class CostCalculator
{
    /// <summary>The scale of the <c>cost</c> columns (numeric(20, 10)); rounding here keeps the API and the database equal.</summary>
    public const int Scale = 10;

    private const decimal TokensPerPriceUnit = 1_000_000m;

    /// <summary>
    /// Token counts in OpenAI's terms: <paramref name="promptTokens"/> includes cached reads and cache writes,
    /// <paramref name="completionTokens"/> includes reasoning tokens, which providers bill as output. Uncached input is
    /// what remains of the prompt after cached reads and cache writes (never below zero, should a provider report
    /// inconsistent counts). The result is rounded half away from zero to <see cref="Scale"/> places, as PostgreSQL
    /// rounds numeric values.
    /// </summary>
    public static decimal Compute(ModelPrice price, long promptTokens, long completionTokens, long cachedReadTokens, long cacheWriteTokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        var cachedRead = Math.Max(0, cachedReadTokens);
        var cacheWrite = Math.Max(0, cacheWriteTokens);
        var uncached = Math.Max(0, promptTokens - cachedRead - cacheWrite);
        var completion = Math.Max(0, completionTokens);

        var perMillion = (uncached * price.InputPerMTok)
            + (cachedRead * price.CachedInputPerMTok)
            + (cacheWrite * price.CacheWritePerMTok)
            + (completion * price.OutputPerMTok);
        return decimal.Round(perMillion / TokensPerPriceUnit, Scale, MidpointRounding.AwayFromZero);
    }
}
