using System.Collections.Concurrent;

namespace Gateway.Policies.Resilience;

/// <summary>
/// One <see cref="CircuitBreaker"/> per (provider, model), created on first use and kept across catalog reloads
/// (they are keyed by ids, not by catalog objects) and option changes (<see cref="Reconfigure"/>). Thread-safe. A
/// client can name any model of a provider, so entries for targets the catalog does not know are dropped again once
/// idle (<see cref="EvictIdle"/>).
/// </summary>
public sealed class CircuitBreakerRegistry
{
    private readonly ConcurrentDictionary<TargetKey, Slot> _breakers = new();
    private readonly TimeProvider _time;
    private volatile CircuitBreakerOptions _options;

    public CircuitBreakerRegistry(CircuitBreakerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
    }

    public int Count => _breakers.Count;

    /// <summary>The breaker for this target, created closed when new. Use before sending an attempt.</summary>
    public CircuitBreaker Get(string providerId, string model)
    {
        var slot = _breakers.GetOrAdd(new TargetKey(providerId, model), static (_, self) => new Slot(new CircuitBreaker(self._options, self._time), self._time.GetTimestamp()), this);
        Volatile.Write(ref slot.LastUsed, _time.GetTimestamp());
        var breaker = slot.Breaker;
        // One created with the old options while Reconfigure went through the others.
        var options = _options;
        if (!ReferenceEquals(breaker.Options, options))
        {
            breaker.Reconfigure(options);
        }
        return breaker;
    }

    /// <summary>New options for every breaker, present and future; each keeps its state.</summary>
    public void Reconfigure(CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options == _options)
        {
            return;
        }
        _options = options;
        foreach (var slot in _breakers.Values)
        {
            slot.Breaker.Reconfigure(options);
        }
    }

    /// <summary>The breaker if one exists; routing peeks with this so that merely looking creates nothing.</summary>
    public bool TryGet(string providerId, string model, out CircuitBreaker? breaker)
    {
        if (_breakers.TryGetValue(new TargetKey(providerId, model), out var slot))
        {
            breaker = slot.Breaker;
            return true;
        }
        breaker = null;
        return false;
    }

    /// <summary>
    /// Drops the breakers not used for <paramref name="idle"/> that <paramref name="keep"/> does not claim, unless
    /// open (an open circuit is remembered until it has let a probe through). A dropped breaker comes back closed on
    /// the next use, which is what an idle closed breaker is anyway once its sampling window has passed.
    /// </summary>
    /// <returns>How many were dropped.</returns>
    public int EvictIdle(TimeSpan idle, Func<TargetKey, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var evicted = 0;
        foreach (var (key, slot) in _breakers)
        {
            if (_time.GetElapsedTime(Volatile.Read(ref slot.LastUsed)) >= idle
                && slot.Breaker.State != CircuitState.Open
                && !keep(key)
                && _breakers.TryRemove(new KeyValuePair<TargetKey, Slot>(key, slot)))
            {
                evicted++;
            }
        }
        return evicted;
    }

    /// <summary>The state of every breaker, for metrics (allocates; call from the scrape, not per request).</summary>
    public IReadOnlyList<CircuitBreakerSnapshot> Snapshot()
    {
        var snapshots = new List<CircuitBreakerSnapshot>(_breakers.Count);
        foreach (var (key, slot) in _breakers)
        {
            snapshots.Add(slot.Breaker.Snapshot(key.ProviderId, key.Model));
        }
        return snapshots;
    }

    private sealed class Slot(CircuitBreaker breaker, long created)
    {
        public readonly CircuitBreaker Breaker = breaker;
        public long LastUsed = created;
    }
}
