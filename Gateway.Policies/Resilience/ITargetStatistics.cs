namespace Gateway.Policies.Resilience;

/// <summary>
/// Recent latency, throughput and errors per (provider, model), read by the latency, hybrid and throughput
/// strategies and fed by the proxy after each attempt. Implementations must be thread-safe and cheap: reads
/// happen for every candidate of every request.
/// </summary>
public interface ITargetStatistics
{
    /// <summary>False when nothing was ever recorded for the target.</summary>
    bool TryGet(string providerId, string model, out TargetStatisticsSnapshot snapshot);

    /// <summary>An attempt that produced an answer.</summary>
    /// <param name="timeToFirstToken">Sending to the first byte of the answer (for a non-streamed answer, its headers).</param>
    /// <param name="total">Sending to the last byte.</param>
    /// <param name="outputTokens">Completion tokens from the answer's usage; 0 when unknown (throughput is then not updated).</param>
    void RecordSuccess(string providerId, string model, TimeSpan timeToFirstToken, TimeSpan total, int outputTokens);

    /// <summary>An attempt that failed in a way that counts against the target (connect error, timeout, 429, 5xx).</summary>
    void RecordFailure(string providerId, string model);
}
