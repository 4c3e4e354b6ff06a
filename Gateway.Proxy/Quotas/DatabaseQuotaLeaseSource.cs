using Gateway.Data.Quotas;
using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>Leases slices from the <c>quota_counters</c> table that every replica on the database shares.</summary>
internal sealed class DatabaseQuotaLeaseSource(QuotaCounterRepository counters, IOptionsMonitor<QuotaOptions> options) : IQuotaLeaseSource
{
    public async ValueTask<QuotaLease> LeaseAsync(QuotaLimit limit, QuotaWindowSpan window, decimal held, decimal charge, decimal amount, CancellationToken cancellationToken)
    {
        // The lease's own deadline: a database that answers this slowly is treated as down, and the counter falls back.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.CurrentValue.LeaseTimeoutSeconds));
        var grant = await counters.LeaseAsync(Key(limit, window), limit.Limit, charge, amount, timeout.Token).ConfigureAwait(false);
        return new QuotaLease(grant.Granted, grant.Used);
    }

    public async ValueTask ReleaseAsync(QuotaLimit limit, QuotaWindowSpan window, decimal amount, CancellationToken cancellationToken) =>
        await counters.ReleaseAsync(Key(limit, window), amount, cancellationToken).ConfigureAwait(false);

    public async ValueTask<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
        await counters.DeleteEndedAsync(endedBefore, cancellationToken).ConfigureAwait(false);

    public static QuotaCounterKey Key(QuotaLimit limit, QuotaWindowSpan window)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return new QuotaCounterKey(limit.Subject.Kind, limit.Subject.Id, limit.Measure, limit.Period, window.Start, window.End);
    }
}
