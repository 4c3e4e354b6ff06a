using Gateway.Policies.Quotas;
using Gateway.Proxy.Quotas;

namespace Gateway.Tests.Quotas;

/// <summary>
/// An in-memory stand-in for the database's counters, shared by several counters as the database is by several
/// replicas: same grant rule (charge, then up to the limit). It can be made to fail or to hold leases back.
/// </summary>
internal sealed class SharedLeaseSource : IQuotaLeaseSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, DateTimeOffset), decimal> _used = [];
    private TaskCompletionSource? _hold;

    public bool Failing { get; set; }

    public int Leases { get; private set; }

    public decimal Charged { get; private set; }

    public decimal Released { get; private set; }

    /// <summary>Leases wait until <see cref="Resume"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume() => _hold?.TrySetResult();

    public decimal Used(QuotaLimit limit, QuotaWindowSpan window)
    {
        lock (_gate)
        {
            return _used.GetValueOrDefault((limit.CounterKey, window.Start));
        }
    }

    public async ValueTask<QuotaLease> LeaseAsync(QuotaLimit limit, QuotaWindowSpan window, decimal held, decimal charge, decimal amount, CancellationToken cancellationToken)
    {
        if (_hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }
        if (Failing)
        {
            throw new TimeoutException("the database is away");
        }
        lock (_gate)
        {
            Leases++;
            Charged += charge;
            var used = _used.GetValueOrDefault((limit.CounterKey, window.Start)) + charge;
            var granted = Math.Max(Math.Min(amount, limit.Limit - used), 0);
            _used[(limit.CounterKey, window.Start)] = used + granted;
            return new QuotaLease(granted, used + granted);
        }
    }

    public ValueTask ReleaseAsync(QuotaLimit limit, QuotaWindowSpan window, decimal amount, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Released += amount;
            _used[(limit.CounterKey, window.Start)] = Math.Max(_used.GetValueOrDefault((limit.CounterKey, window.Start)) - amount, 0);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
