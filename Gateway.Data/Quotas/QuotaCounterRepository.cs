namespace Gateway.Data.Quotas;

/// <summary>
/// Quota counters shared by the replicas: a lease is one round trip (a row lock, no transaction held open), so the
/// gateway pays for the database once per slice of a limit rather than once per request.
/// </summary>
public sealed class QuotaCounterRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    private readonly SqlExecutor _sql = new(dataSource, options);

    /// <summary>
    /// Charges <paramref name="charge"/> (spent beyond what was held: counted even past the limit), then grants up to
    /// <paramref name="amount"/> of what is left under <paramref name="limit"/>. Never grants past the limit.
    /// </summary>
    public async Task<QuotaLeaseGrant> LeaseAsync(QuotaCounterKey key, decimal limit, decimal charge, decimal amount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var row = await _sql.QuerySingleOrDefaultAsync<LeaseRow>(
            """
            select lease_granted as Granted, lease_used as Used
            from gateway_quota_lease(@SubjectKind, @SubjectId, @Metric, @Window, @WindowStart, @WindowEnd, @Limit, @Charge, @Amount)
            """,
            KeyParameters(key, new { key.WindowEnd, Limit = limit, Charge = charge, Amount = amount }),
            cancellationToken).ConfigureAwait(false);
        return row is null ? default : new QuotaLeaseGrant(row.Granted, row.Used);
    }

    /// <summary>Gives back an unused slice so other replicas can lease it in the same window.</summary>
    public Task ReleaseAsync(QuotaCounterKey key, decimal amount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _sql.ExecuteAsync(
            "select gateway_quota_release(@SubjectKind, @SubjectId, @Metric, @Window, @WindowStart, @Amount)",
            KeyParameters(key, new { Amount = amount }),
            cancellationToken);
    }

    /// <summary>The window's total across replicas, or null before anything was leased from it.</summary>
    public Task<decimal?> GetUsedAsync(QuotaCounterKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _sql.QuerySingleOrDefaultAsync<decimal?>(
            """
            select used from quota_counters
            where subject_kind = @SubjectKind and subject_id = @SubjectId and metric = @Metric
              and window_unit = @Window and window_start = @WindowStart
            """,
            KeyParameters(key),
            cancellationToken);
    }

    /// <summary>Deletes counters of windows that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    public Task<int> DeleteEndedAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
        _sql.ExecuteAsync("delete from quota_counters where window_end < @endedBefore", new { endedBefore }, cancellationToken);

    /// <summary>The counter row's key (<c>@SubjectKind</c> … <c>@WindowStart</c>) and what else the statement reads.</summary>
    private static DynamicParameters KeyParameters(QuotaCounterKey key, object? more = null)
    {
        var parameters = new DynamicParameters(new
        {
            SubjectKind = DbText.Of(key.SubjectKind),
            key.SubjectId,
            Metric = DbText.Of(key.Metric),
            Window = DbText.Of(key.Window),
            key.WindowStart,
        });
        parameters.AddDynamicParams(more);
        return parameters;
    }

    private sealed record LeaseRow(decimal Granted, decimal Used);
}
