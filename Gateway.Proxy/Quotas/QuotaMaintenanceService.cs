using Gateway.Proxy.Logging;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Off the request path: drops counters of ended windows from memory, deletes counter rows older than the
/// retention from the database, and at shutdown gives unused slices back so the replicas that keep running can
/// use them in the same window.
/// </summary>
internal sealed class QuotaMaintenanceService(
    QuotaCounterRegistry counters, IQuotaLeaseSource source, IOptionsMonitor<QuotaOptions> options,
    [FromKeyedServices(QuotaClock.ServiceKey)] TimeProvider clock, ILogger<QuotaMaintenanceService> logger) : BackgroundService
{
    private readonly QuotaCounterRegistry _counters = counters;
    private readonly IQuotaLeaseSource _source = source;
    private readonly IOptionsMonitor<QuotaOptions> _options = options;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<QuotaMaintenanceService> _logger = logger;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_options.CurrentValue.ShutdownReleaseSeconds));
        try
        {
            await _counters.ReleaseUnusedAsync(deadline.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Shutdown goes on whatever happens; an unreturned slice only lapses with its window.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            GatewayLog.QuotaReleaseFailed(_logger, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var options = _options.CurrentValue;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.MaintenanceSeconds), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var now = _clock.GetUtcNow();
            var dropped = _counters.Prune(now);
            var rows = 0;
            try
            {
                rows = await _source.PruneAsync(now - TimeSpan.FromHours(options.CounterRetentionHours), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // An unreachable database only delays the clean-up to the next round.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                GatewayLog.QuotaMaintenanceFailed(_logger, $"{ex.GetType().Name}: {ex.Message}");
            }
            GatewayLog.QuotaMaintenance(_logger, dropped, rows);
        }
    }
}
