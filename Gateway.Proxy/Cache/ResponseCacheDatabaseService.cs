namespace Gateway.Proxy.Cache;

/// <summary>
/// Runs the database tier's background work: writing queued entries, and deleting expired rows every
/// <see cref="ResponseCacheOptions.SweepIntervalSeconds"/> (any replica may; a row deleted twice is deleted once).
/// </summary>
internal sealed class ResponseCacheDatabaseService(
    DatabaseCacheTier tier, Microsoft.Extensions.Options.IOptionsMonitor<ResponseCacheOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!tier.Configured)
        {
            return;
        }
        var writer = tier.WriteQueuedAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.SweepIntervalSeconds), stoppingToken).ConfigureAwait(false);
                await tier.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        try
        {
            await writer.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
