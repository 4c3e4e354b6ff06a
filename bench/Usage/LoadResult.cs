namespace Gateway.Bench.Usage;

/// <summary>One timed load run: completed requests, failures and latency percentiles in milliseconds.</summary>
internal sealed record LoadResult(long Requests, long Failures, TimeSpan Duration, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;
}
