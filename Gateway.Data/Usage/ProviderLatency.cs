namespace Gateway.Data.Usage;

/// <summary>Latency percentiles (milliseconds, gateway-measured) and errors of one provider (or provider and model) over a time range.</summary>
public sealed record ProviderLatency
{
    /// <summary>The serving provider; empty for requests that reached none.</summary>
    public required string Provider { get; init; }

    /// <summary>The served model, when split by model; null otherwise.</summary>
    public string? Model { get; init; }

    public long Requests { get; init; }

    public long Errors { get; init; }

    public double? LatencyP50 { get; init; }

    public double? LatencyP95 { get; init; }

    public double? LatencyP99 { get; init; }

    public double? TtftP50 { get; init; }

    public double? TtftP95 { get; init; }

    public double? TtftP99 { get; init; }
}
