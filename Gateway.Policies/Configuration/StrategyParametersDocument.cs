namespace Gateway.Policies.Configuration;

/// <summary>An alias's strategy tunables in config (<c>Models:NAME:Parameters</c>); unset fields keep their defaults.</summary>
public sealed class StrategyParametersDocument
{
    /// <summary>Latency: chance (0..1) that a request explores another target first.</summary>
    public double? Epsilon { get; set; }

    /// <summary>Latency: a target with no result for this long is preferred when exploring.</summary>
    public double? StaleAfterSeconds { get; set; }

    /// <summary>Latency and hybrid: <c>auto</c>, <c>ttft</c> or <c>total</c>.</summary>
    public string? LatencyMetric { get; set; }

    public double? CostWeight { get; set; }

    public double? LatencyWeight { get; set; }

    public double? ErrorWeight { get; set; }

    /// <summary>Cost and hybrid: output tokens to price when the request sets no max.</summary>
    public int? DefaultOutputTokens { get; set; }
}
