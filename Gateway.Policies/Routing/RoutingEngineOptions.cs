namespace Gateway.Policies.Routing;

/// <summary>Engine-wide defaults.</summary>
public sealed record RoutingEngineOptions
{
    public static RoutingEngineOptions Default { get; } = new();

    /// <summary>Output tokens the cost and hybrid strategies price when the request sets no max (and the strategy no default).</summary>
    public int DefaultOutputTokens { get; init; } = 1000;
}
