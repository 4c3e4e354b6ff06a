namespace Gateway.Policies.Strategies;

/// <summary>Which latency the latency and hybrid strategies rank by.</summary>
public enum LatencyMetric
{
    /// <summary>Time to first token for streamed requests (what the user waits for), total latency otherwise.</summary>
    Auto,

    TimeToFirstToken,

    Total,
}
