using Gateway.Policies.Resilience;
using Gateway.Proxy.Metrics;

namespace Gateway.Proxy.Routing;

/// <summary>
/// Drops circuit breakers and latency statistics of targets the catalog does not know once they have been idle for
/// <see cref="ResilienceOptions.UnknownTargetIdleSeconds"/>: every <c>provider/any-name</c> a client sends creates
/// both, and nothing else would ever remove them. Known targets keep theirs for the life of the process.
/// </summary>
internal sealed class IdleTargetSweeper : BackgroundService
{
    private readonly CircuitBreakerRegistry _breakers;
    private readonly TargetStatistics _statistics;
    private readonly KnownTargets _known;
    private readonly IOptionsMonitor<ResilienceOptions> _options;
    private readonly TimeProvider _time;

    public IdleTargetSweeper(
        CircuitBreakerRegistry breakers, TargetStatistics statistics, KnownTargets known, IOptionsMonitor<ResilienceOptions> options, TimeProvider time)
    {
        _breakers = breakers;
        _statistics = statistics;
        _known = known;
        _options = options;
        _time = time;
    }

    /// <summary>One sweep; returns how many entries went.</summary>
    public int Sweep()
    {
        var idle = TimeSpan.FromSeconds(_options.CurrentValue.UnknownTargetIdleSeconds);
        return _breakers.EvictIdle(idle, _known.Contains) + _statistics.EvictIdle(idle, _known.Contains);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.CurrentValue.UnknownTargetSweepSeconds), _time, stoppingToken).ConfigureAwait(false);
                Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
