using System.Collections.Concurrent;
using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>This replica's counters, one per limit (subject, measure, period), created on first use.</summary>
internal sealed class QuotaCounterRegistry(
    IQuotaLeaseSource source, IOptionsMonitor<QuotaOptions> options, QuotaMetrics metrics,
    [FromKeyedServices(QuotaClock.ServiceKey)] TimeProvider clock, ILogger<QuotaCounterRegistry> logger)
{
    private readonly ConcurrentDictionary<string, QuotaCounter> _counters = new(StringComparer.Ordinal);

    public int Count => _counters.Count;

    public QuotaCounter Get(QuotaLimit limit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return _counters.TryGetValue(limit.CounterKey, out var counter)
            ? counter
            : _counters.GetOrAdd(limit.CounterKey, _ => new QuotaCounter(limit, now, source, options, metrics, clock, logger));
    }

    /// <summary>
    /// Drops counters whose window ended with no activity since. A request still holding one settles into the
    /// dropped counter: its refund was moot anyway, and an overspend straddling the window's end is not charged.
    /// </summary>
    public int Prune(DateTimeOffset now)
    {
        var pruned = 0;
        foreach (var (key, counter) in _counters)
        {
            if (counter.IsIdle(now) && _counters.TryRemove(new KeyValuePair<string, QuotaCounter>(key, counter)))
            {
                pruned++;
            }
        }
        return pruned;
    }

    /// <summary>Gives every counter's unused slice back, for the replicas that keep running.</summary>
    public Task ReleaseUnusedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_counters.Values.Select(counter => counter.ReleaseUnusedAsync(cancellationToken)));
}
