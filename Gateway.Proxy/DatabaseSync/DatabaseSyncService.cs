using Gateway.Data.Catalog;
using Gateway.Data.Keys;
using Gateway.Data.Migrations;
using Gateway.Data.Notifications;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Logging;
using Npgsql;

namespace Gateway.Proxy.DatabaseSync;

/// <summary>
/// Keeps the gateway in step with its database, off the request path: applies migrations (retrying until the
/// database is reachable, while the gateway serves from its config file), loads the catalog, then follows
/// LISTEN/NOTIFY — reloading on every change and after every reconnect, dropping revoked keys at once — and
/// writes last-use times in batches. While the database is down the last good catalog keeps serving.
/// </summary>
internal sealed class DatabaseSyncService(
    MigrationRunner migrations, CatalogSnapshotLoader loader, CatalogChangeListener listener, DatabaseCatalogState state,
    DatabaseKeyStore keys, ApiKeyRepository keyRepository, IOptionsMonitor<KeyCacheOptions> keyOptions,
    IOptionsMonitor<DatabaseSyncOptions> syncOptions, NpgsqlDataSource dataSource, ILogger<DatabaseSyncService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        var wait = TimeSpan.FromSeconds(syncOptions.CurrentValue.StartupWaitSeconds);
        try
        {
            await _firstLoad.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Serve from the config file; the database's part arrives when it is reachable.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await MigrateAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            await ReloadAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Degraded(ex);
        }
        var lastUsed = FlushLastUsedAsync(stoppingToken);
        var watch = WatchAsync(stoppingToken);
        try
        {
            await listener.RunAsync(OnChangeAsync, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await lastUsed.ConfigureAwait(false);
        await watch.ConfigureAwait(false);
    }

    /// <summary>Pings the database (for readiness) and reloads the catalog now and then (in case a NOTIFY was lost).</summary>
    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var lastReload = DateTimeOffset.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            var options = syncOptions.CurrentValue;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.HealthCheckSeconds), stoppingToken).ConfigureAwait(false);
                if (DateTimeOffset.UtcNow - lastReload >= TimeSpan.FromSeconds(options.SafetyReloadSeconds) || state.Status != DatabaseStatus.Connected)
                {
                    lastReload = DateTimeOffset.UtcNow;
                    await ReloadAsync(stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await using var ping = dataSource.CreateCommand("select 1");
                    await ping.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Degraded(ex);
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        state.Publish(CatalogDocumentMapper.Map(snapshot), snapshot.LoadedAt);
        _firstLoad.TrySetResult();
    }

    private async Task MigrateAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await migrations.RunAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Degraded(ex);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task OnChangeAsync(CatalogChange change, CancellationToken cancellationToken)
    {
        if (change.ReloadAll)
        {
            keys.Clear();
        }
        foreach (var hash in change.RevokedKeyHashes)
        {
            keys.Invalidate(hash);
        }
        if (change.ReloadAll || change.Tables.Count > 0)
        {
            try
            {
                await ReloadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Degraded(ex);
                throw;
            }
        }
    }

    private async Task FlushLastUsedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(keyOptions.CurrentValue.LastUsedFlushSeconds), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var batch = keys.DrainLastUsed();
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                await keyRepository.TouchLastUsedAsync(batch, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Last-use times are informational; a batch lost to an outage is not worth retrying.
                Degraded(ex);
            }
        }
    }

    private void Degraded(Exception ex)
    {
        var reason = $"{ex.GetType().Name}: {ex.Message}";
        if (state.Status != DatabaseStatus.Degraded || state.LastError != reason)
        {
            GatewayLog.DatabaseUnavailable(logger, reason);
        }
        state.MarkDegraded(reason);
    }
}
