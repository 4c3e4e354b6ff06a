using System.Threading.Channels;
using Gateway.Data.Cache;
using Npgsql;

namespace Gateway.Proxy.Cache;

/// <summary>
/// The tier replicas share, in PostgreSQL. A look-up waits at most <see cref="ResponseCacheOptions.DatabaseTimeoutMilliseconds"/>;
/// a store is queued and written in the background (<see cref="ResponseCacheDatabaseService"/>), so no answer waits for
/// it. Any failure — unreachable, slow, refused — turns the tier off for <see cref="ResponseCacheOptions.DatabaseRetrySeconds"/>:
/// requests go on with memory only, and never fail for it.
/// </summary>
internal sealed class DatabaseCacheTier
{
    private readonly ResponseCacheRepository? _repository;
    private readonly IOptionsMonitor<ResponseCacheOptions> _options;
    private readonly ResponseCacheMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DatabaseCacheTier> _logger;
    private readonly Channel<PendingWrite> _writes;
    private long _downUntil;

    public DatabaseCacheTier(
        IOptionsMonitor<ResponseCacheOptions> options, ResponseCacheMetrics metrics, [FromKeyedServices(ResponseCacheClock.ServiceKey)] TimeProvider time,
        ILogger<DatabaseCacheTier> logger, ResponseCacheRepository? repository = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _repository = repository;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _writes = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.CurrentValue.DatabaseWriteQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    /// <summary>A database is configured and the tier is on (it may still be resting after a failure).</summary>
    public bool Configured => _repository is not null && _options.CurrentValue.DatabaseTier;

    private bool Usable => Configured && Environment.TickCount64 >= Interlocked.Read(ref _downUntil);

    public async ValueTask<ResponseCacheEntry?> GetAsync(byte[] key, CancellationToken requestAborted)
    {
        if (!Usable)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(_options.CurrentValue.DatabaseTimeoutMilliseconds);
        try
        {
            var bytes = await _repository!.GetAsync(key, _time.GetUtcNow(), timeout.Token).ConfigureAwait(false);
            Recovered();
            return bytes is null ? null : ResponseCacheEntryCodec.Decode(bytes);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex) && !requestAborted.IsCancellationRequested)
        {
            Failed(ex);
            return null;
        }
    }

    /// <summary>Queues the entry for the shared tier; dropped when the queue is full or the tier is resting.</summary>
    public void Enqueue(byte[] key, ResponseCacheEntry entry, string alias)
    {
        if (Usable)
        {
            _writes.Writer.TryWrite(new PendingWrite(key, entry, alias));
        }
    }

    /// <summary>Writes queued entries until <paramref name="stopping"/> (the background service's loop).</summary>
    public async Task WriteQueuedAsync(CancellationToken stopping)
    {
        await foreach (var write in _writes.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
        {
            if (!Usable)
            {
                continue;
            }
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await _repository!.SetAsync(write.Key, ResponseCacheEntryCodec.Encode(write.Entry), write.Entry.ExpiresAt, timeout.Token).ConfigureAwait(false);
                Recovered();
                _metrics.Stored(ResponseCacheMetrics.Database, write.Alias);
            }
            catch (Exception ex) when (IsDatabaseFailure(ex) && !stopping.IsCancellationRequested)
            {
                Failed(ex);
            }
        }
    }

    /// <summary>Deletes expired rows; 0 when the tier is off or resting.</summary>
    public async Task<int> SweepAsync(CancellationToken stopping)
    {
        if (!Usable)
        {
            return 0;
        }
        try
        {
            var rows = await _repository!.DeleteExpiredAsync(_time.GetUtcNow(), stopping).ConfigureAwait(false);
            Recovered();
            if (rows > 0)
            {
                _metrics.Evicted(ResponseCacheMetrics.Database, "expired", rows);
                ResponseCacheLog.Swept(_logger, rows);
            }
            return rows;
        }
        catch (Exception ex) when (IsDatabaseFailure(ex) && !stopping.IsCancellationRequested)
        {
            Failed(ex);
            return 0;
        }
    }

    private void Failed(Exception ex)
    {
        _metrics.DatabaseError();
        var retry = _options.CurrentValue.DatabaseRetrySeconds;
        var until = Environment.TickCount64 + (long)(retry * 1000);
        if (Interlocked.Exchange(ref _downUntil, until) == 0)
        {
            ResponseCacheLog.DatabaseDown(_logger, ex is OperationCanceledException ? "timed out" : ex.GetType().Name, retry);
        }
    }

    private void Recovered()
    {
        if (Interlocked.Read(ref _downUntil) != 0 && Interlocked.Exchange(ref _downUntil, 0) != 0)
        {
            ResponseCacheLog.DatabaseBack(_logger);
        }
    }

    private static bool IsDatabaseFailure(Exception ex) =>
        ex is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException or IOException;

    private sealed record PendingWrite(byte[] Key, ResponseCacheEntry Entry, string Alias);
}
