using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Gateway.Policies.Keys;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Requests in flight per key on this replica. A request enters before anything else is done for it and leaves when
/// its response has ended (a stream's last byte included); past the key's limit it is refused with 429. Only keys
/// with a limit are counted, one small entry per key (bounded by the keys that exist).
/// </summary>
internal sealed class KeyConcurrencyLimiter
{
    private readonly ConcurrentDictionary<KeyHash, StrongBox<int>> _inFlight = new();

    /// <summary>Requests of <paramref name="key"/> in flight now (for tests and diagnostics).</summary>
    public int InFlight(GatewayKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _inFlight.TryGetValue(key.Hash, out var count) ? Volatile.Read(ref count.Value) : 0;
    }

    /// <summary>Enters when under <paramref name="limit"/> (null or 0: no limit, nothing counted); dispose the slot when the response has ended.</summary>
    public bool TryEnter(GatewayKey key, int? limit, out Slot slot)
    {
        ArgumentNullException.ThrowIfNull(key);
        slot = default;
        if (limit is not > 0)
        {
            return true;
        }
        var count = _inFlight.GetOrAdd(key.Hash, static _ => new StrongBox<int>());
        if (Interlocked.Increment(ref count.Value) > limit)
        {
            Interlocked.Decrement(ref count.Value);
            return false;
        }
        slot = new Slot(count);
        return true;
    }

    public static GatewayError Refusal(int limit) =>
        new(429, "requests",
            $"Too many concurrent requests for this API key: its limit is {limit} in flight at once. Retry when one of them has finished.",
            "concurrency_limit_exceeded")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };

    /// <summary>One request's place; leaving twice is harmless.</summary>
    internal struct Slot : IDisposable
    {
        private StrongBox<int>? _count;

        public Slot(StrongBox<int> count)
        {
            _count = count;
        }

        public void Dispose()
        {
            if (_count is { } count)
            {
                _count = null;
                Interlocked.Decrement(ref count.Value);
            }
        }
    }
}
