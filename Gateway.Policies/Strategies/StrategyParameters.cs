namespace Gateway.Policies.Strategies;

/// <summary>
/// The tunables of the ordering strategies, per alias (config <c>Parameters</c>) or per routing policy
/// (<c>rules.parameters</c>). Each strategy reads only its own.
/// </summary>
public sealed record StrategyParameters
{
    public static StrategyParameters Default { get; } = new();

    /// <summary>Latency: the chance (0..1) that a request explores — puts a stale or random other target first — so a recovered target is noticed.</summary>
    public double Epsilon { get; init; } = 0.05;

    /// <summary>Latency: a target with no result for this long is preferred when exploring.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Latency and hybrid: which latency to rank by.</summary>
    public LatencyMetric LatencyMetric { get; init; } = LatencyMetric.Auto;

    /// <summary>Hybrid: weight of the normalised estimated cost.</summary>
    public double CostWeight { get; init; } = 1;

    /// <summary>Hybrid: weight of the normalised latency.</summary>
    public double LatencyWeight { get; init; } = 1;

    /// <summary>Hybrid: weight of the error rate.</summary>
    public double ErrorWeight { get; init; } = 1;

    /// <summary>Cost and hybrid: output tokens to price when the request sets no max; null uses the engine's default.</summary>
    public int? DefaultOutputTokens { get; init; }
}
