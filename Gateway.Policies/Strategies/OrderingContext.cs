namespace Gateway.Policies.Strategies;

/// <summary>What the strategies need to know about the request being ordered for.</summary>
/// <param name="RequestedOutputTokens">The request's max output tokens, when it set one.</param>
/// <param name="DefaultOutputTokens">Output tokens to price when neither the request nor the strategy parameters say.</param>
/// <param name="Stream">Streamed requests rank by time to first token under <see cref="LatencyMetric.Auto"/>.</param>
internal readonly record struct OrderingContext(
    int EstimatedPromptTokens,
    int CachedPromptTokens,
    int? RequestedOutputTokens,
    int DefaultOutputTokens,
    bool Stream)
{
    /// <summary>
    /// For ordering without a request (an alias on its own): 1000 prompt and 1000 output tokens, so that cost
    /// ordering weighs input and output prices equally, as list-price ordering did before requests were priced.
    /// </summary>
    public static OrderingContext Default => new(1000, 0, null, 1000, false);

    /// <summary>Output tokens to price: the request's max, else the strategy's default, else the engine's.</summary>
    public int OutputTokens(StrategyParameters parameters) =>
        RequestedOutputTokens ?? parameters?.DefaultOutputTokens ?? DefaultOutputTokens;

    public bool UseTimeToFirstToken(StrategyParameters parameters) => parameters?.LatencyMetric switch
    {
        LatencyMetric.TimeToFirstToken => true,
        LatencyMetric.Total => false,
        _ => Stream,
    };
}
