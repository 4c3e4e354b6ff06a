namespace Gateway.Data.Usage;

/// <summary>Latency percentiles (milliseconds, gateway-measured) and errors of one provider (or provider and model) over a time range.</summary>
/// <param name="Provider">The serving provider; empty for requests that reached none.</param>
/// <param name="Model">The served model, when split by model; null otherwise.</param>
public sealed record ProviderLatency(
    string Provider,
    string? Model,
    long Requests,
    long Errors,
    double? LatencyP50, double? LatencyP95, double? LatencyP99,
    double? TtftP50, double? TtftP95, double? TtftP99);
