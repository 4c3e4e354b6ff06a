using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// The allowance source without a database: this replica is the only one counting, so a lease simply hands over
/// everything left in the window (once per window) and never fails or waits. Limits hold per replica.
/// </summary>
internal sealed class LocalQuotaLeaseSource : IQuotaLeaseSource
{
    public ValueTask<QuotaLease> LeaseAsync(QuotaLimit limit, QuotaWindowSpan window, decimal held, decimal charge, decimal amount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var used = held + Math.Max(charge, 0);
        var granted = Math.Max(limit.Limit - used, 0);
        return ValueTask.FromResult(new QuotaLease(granted, used + granted));
    }

    public ValueTask ReleaseAsync(QuotaLimit limit, QuotaWindowSpan window, decimal amount, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
