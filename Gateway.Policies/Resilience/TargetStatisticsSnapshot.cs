namespace Gateway.Policies.Resilience;

/// <summary>
/// Recent behaviour of one (provider, model), as exponentially weighted moving averages. A latency or throughput
/// is <see cref="double.NaN"/> until a success has been recorded (failures carry no usable latency).
/// </summary>
/// <param name="TimeToFirstTokenMs">EWMA of the time from sending to the first byte of the answer, in milliseconds.</param>
/// <param name="TotalLatencyMs">EWMA of the time from sending to the end of the answer, in milliseconds.</param>
/// <param name="ErrorRate">EWMA of 1 per failure and 0 per success: roughly the share of recent attempts that failed.</param>
/// <param name="OutputTokensPerSecond">EWMA of output tokens per second after the first token.</param>
/// <param name="Samples">Results recorded in all.</param>
/// <param name="Age">Time since the last result; routing promotes a stale target now and then to notice a recovery.</param>
public readonly record struct TargetStatisticsSnapshot(
    double TimeToFirstTokenMs,
    double TotalLatencyMs,
    double ErrorRate,
    double OutputTokensPerSecond,
    long Samples,
    TimeSpan Age);
