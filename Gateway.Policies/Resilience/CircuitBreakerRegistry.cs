using System.Collections.Concurrent;

namespace Gateway.Policies.Resilience;

/// <summary>
/// One <see cref="CircuitBreaker"/> per (provider, model), created on first use and kept across catalog reloads
/// (they are keyed by ids, not by catalog objects) and option changes (<see cref="Reconfigure"/>). Thread-safe.
/// </summary>
public sealed class CircuitBreakerRegistry
{
    private readonly ConcurrentDictionary<TargetKey, CircuitBreaker> _breakers = new();
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
        var breaker = _breakers.GetOrAdd(new TargetKey(providerId, model), static (_, self) => new CircuitBreaker(self._options, self._time), this);
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
        foreach (var breaker in _breakers.Values)
        {
            breaker.Reconfigure(options);
        }
    }

    /// <summary>The breaker if one exists; routing peeks with this so that merely looking creates nothing.</summary>
    public bool TryGet(string providerId, string model, out CircuitBreaker? breaker) =>
        _breakers.TryGetValue(new TargetKey(providerId, model), out breaker);

    /// <summary>The state of every breaker, for metrics (allocates; call from the scrape, not per request).</summary>
    public IReadOnlyList<CircuitBreakerSnapshot> Snapshot()
    {
        var snapshots = new List<CircuitBreakerSnapshot>(_breakers.Count);
        foreach (var (key, breaker) in _breakers)
        {
            snapshots.Add(breaker.Snapshot(key.ProviderId, key.Model));
        }
        return snapshots;
    }
}
