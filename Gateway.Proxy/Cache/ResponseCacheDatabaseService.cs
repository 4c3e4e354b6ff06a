namespace Gateway.Proxy.Cache;

/// <summary>
/// Runs the database tier's background work: writing queued entries, and deleting expired rows every
/// <see cref="ResponseCacheOptions.SweepIntervalSeconds"/> (any replica may; a row deleted twice is deleted once).
/// </summary>
internal sealed class ResponseCacheDatabaseService : BackgroundService
{
    private readonly DatabaseCacheTier _tier;
    private readonly Microsoft.Extensions.Options.IOptionsMonitor<ResponseCacheOptions> _options;

    public ResponseCacheDatabaseService(DatabaseCacheTier tier, Microsoft.Extensions.Options.IOptionsMonitor<ResponseCacheOptions> options)
    {
        _tier = tier;
        _options = options;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_tier.Configured)
        {
            return;
        }
        var writer = _tier.WriteQueuedAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.CurrentValue.SweepIntervalSeconds), stoppingToken).ConfigureAwait(false);
                await _tier.SweepAsync(stoppingToken).ConfigureAwait(false);
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
