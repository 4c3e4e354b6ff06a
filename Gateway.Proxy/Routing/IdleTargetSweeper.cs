using Gateway.Policies.Resilience;
using Gateway.Proxy.Metrics;

namespace Gateway.Proxy.Routing;

/// <summary>
/// Drops circuit breakers and latency statistics of targets the catalog does not know once they have been idle for
/// <see cref="ResilienceOptions.UnknownTargetIdleSeconds"/>: every <c>provider/any-name</c> a client sends creates
/// both, and nothing else would ever remove them. Known targets keep theirs for the life of the process.
/// </summary>
internal sealed class IdleTargetSweeper(
    CircuitBreakerRegistry breakers, TargetStatistics statistics, KnownTargets known, IOptionsMonitor<ResilienceOptions> options, TimeProvider time) : BackgroundService
{
    /// <summary>One sweep; returns how many entries went.</summary>
    public int Sweep()
    {
        var idle = TimeSpan.FromSeconds(options.CurrentValue.UnknownTargetIdleSeconds);
        return breakers.EvictIdle(idle, known.Contains) + statistics.EvictIdle(idle, known.Contains);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.UnknownTargetSweepSeconds), time, stoppingToken).ConfigureAwait(false);
                Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
