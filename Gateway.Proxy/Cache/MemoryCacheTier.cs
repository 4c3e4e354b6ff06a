using System.Buffers.Binary;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Proxy.Cache;

/// <summary>
/// The replica's own tier: a <see cref="MemoryCache"/> bounded by <see cref="ResponseCacheOptions.MemorySizeLimitBytes"/>
/// (read at start), each entry sized by its answer. Expiry is checked against the cache's clock on every read, so an
/// entry is never served past its time whatever the memory cache's own timer has done.
/// </summary>
internal sealed class MemoryCacheTier : IDisposable
{
    private readonly MemoryCache? _cache;
    private readonly ResponseCacheMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly PostEvictionDelegate _evicted;

    public MemoryCacheTier(IOptions<ResponseCacheOptions> options, ResponseCacheMetrics metrics, [FromKeyedServices(ResponseCacheClock.ServiceKey)] TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _time = time;
        _evicted = OnEvicted;
        var limit = options.Value.MemorySizeLimitBytes;
        _cache = limit > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = limit, CompactionPercentage = 0.2 }) : null;
    }

    public ResponseCacheEntry? Get(byte[] key)
    {
        if (_cache is null || !_cache.TryGetValue(KeyOf(key), out ResponseCacheEntry? entry) || entry is null)
        {
            return null;
        }
        if (entry.ExpiresAt <= _time.GetUtcNow())
        {
            _cache.Remove(KeyOf(key));
            return null;
        }
        return entry;
    }

    public bool Set(byte[] key, ResponseCacheEntry entry)
    {
        var ttl = entry.ExpiresAt - _time.GetUtcNow();
        if (_cache is null || ttl <= TimeSpan.Zero)
        {
            return false;
        }
        using (var cached = _cache.CreateEntry(KeyOf(key)))
        {
            cached.Value = entry;
            cached.Size = entry.Size;
            cached.AbsoluteExpirationRelativeToNow = ttl;
            cached.RegisterPostEvictionCallback(_evicted);
        }
        _metrics.MemoryBytes(entry.Size);
        return true;
    }

    public void Dispose() => _cache?.Dispose();

    private void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        if (value is ResponseCacheEntry entry)
        {
            _metrics.MemoryBytes(-entry.Size);
        }
        switch (reason)
        {
            case EvictionReason.Capacity:
                _metrics.Evicted(ResponseCacheMetrics.Memory, "capacity");
                break;
            case EvictionReason.Expired:
            case EvictionReason.Removed:
                // Removed here only means found expired on a read.
                _metrics.Evicted(ResponseCacheMetrics.Memory, "expired");
                break;
        }
    }

    /// <summary>The 32-byte key as a value (no string per look-up).</summary>
    private static (UInt128, UInt128) KeyOf(byte[] key) =>
        (BinaryPrimitives.ReadUInt128LittleEndian(key), BinaryPrimitives.ReadUInt128LittleEndian(key.AsSpan(16)));
}
