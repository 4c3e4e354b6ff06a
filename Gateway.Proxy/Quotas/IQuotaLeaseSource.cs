using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>Where a replica's counters get their allowance from: PostgreSQL (shared by replicas) or memory (one replica).</summary>
internal interface IQuotaLeaseSource
{
    /// <summary>
    /// Charges <paramref name="charge"/> (already spent beyond what was held) and grants up to
    /// <paramref name="amount"/> more, never past the limit. <paramref name="held"/> is what this replica already
    /// holds in the window: all the in-memory source needs to know; the database keeps its own total.
    /// </summary>
    /// <exception cref="Exception">The source could not be reached in time: the caller falls back.</exception>
    ValueTask<QuotaLease> LeaseAsync(QuotaLimit limit, QuotaWindowSpan window, decimal held, decimal charge, decimal amount, CancellationToken cancellationToken);

    /// <summary>Gives an unused slice back to the window, for other replicas.</summary>
    ValueTask ReleaseAsync(QuotaLimit limit, QuotaWindowSpan window, decimal amount, CancellationToken cancellationToken);

    /// <summary>Forgets windows that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    ValueTask<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken);
}
