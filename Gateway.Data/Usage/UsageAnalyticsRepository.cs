using System.Globalization;

namespace Gateway.Data.Usage;

/// <summary>
/// Reads usage for analytics. Totals come from the hourly and daily rollups the writer maintains (cheap at any range);
/// latency percentiles come from <c>requests</c> itself with <c>percentile_cont</c> over the range, exact rather than
/// approximated from histogram buckets, at the cost of scanning the range's rows (indexed by time, pruned by partition).
/// </summary>
public sealed class UsageAnalyticsRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    private const string Sums =
        "sum(requests)::bigint as Requests, sum(errors)::bigint as Errors, sum(streamed)::bigint as Streamed, sum(estimated)::bigint as Estimated, " +
        "sum(prompt_tokens)::bigint as PromptTokens, sum(completion_tokens)::bigint as CompletionTokens, " +
        "sum(cached_read_tokens)::bigint as CachedReadTokens, sum(cache_write_tokens)::bigint as CacheWriteTokens, " +
        "sum(reasoning_tokens)::bigint as ReasoningTokens, sum(cost) as Cost, sum(latency_ms_sum)::bigint as LatencyMsSum";

    private readonly SqlExecutor _sql = new(dataSource, options);

    /// <summary>
    /// Usage in [<paramref name="from"/>, <paramref name="to"/>) by <paramref name="dimension"/>, most costly first. The
    /// range is widened to whole hours (whole days when split by day or month, or when both ends are midnights UTC, which
    /// reads the smaller daily rollup).
    /// </summary>
    public Task<IReadOnlyList<UsageTotals>> TotalsAsync(
        UsageDimension dimension, UsageGranularity granularity, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        TotalsAsync(dimension, granularity, from, to, UsageFilter.None, cancellationToken);

    /// <summary>As the other overload, counting only what <paramref name="filter"/> lets through.</summary>
    public Task<IReadOnlyList<UsageTotals>> TotalsAsync(
        UsageDimension dimension, UsageGranularity granularity, DateTimeOffset from, DateTimeOffset to, UsageFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var daily = granularity is UsageGranularity.Day or UsageGranularity.Month
            || (granularity == UsageGranularity.Total && from.UtcDateTime.TimeOfDay == TimeSpan.Zero && to.UtcDateTime.TimeOfDay == TimeSpan.Zero);
        var table = daily ? "usage_rollup_daily" : "usage_rollup_hourly";
        var unit = daily ? "day" : "hour";
        var column = Column(dimension);
        var split = granularity != UsageGranularity.Total;
        var bucket = granularity == UsageGranularity.Month ? "date_trunc('month', bucket, 'UTC')" : "bucket";
        var sql = $"""
            select {column} as Value, {(split ? bucket : "null::timestamptz")} as Bucket, {Sums}
            from {table}
            where bucket >= date_trunc('{unit}', @From, 'UTC') and bucket < @To{filter.RollupConditions()}
            group by {column}{(split ? ", 2" : "")}
            order by {(split ? "Bucket, " : "")}Cost desc, Requests desc, Value
            """;
        var parameters = filter.Parameters(rollup: true);
        parameters.Add("From", from);
        parameters.Add("To", to);
        return _sql.QueryAsync<UsageTotals>(sql, parameters, cancellationToken);
    }

    /// <summary>Latency and time-to-first-token percentiles and error counts per provider, over requests in [from, to).</summary>
    public Task<IReadOnlyList<ProviderLatency>> LatencyByProviderAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        LatencyAsync(from, to, UsageFilter.None, byModel: false, cancellationToken);

    /// <summary>
    /// Latency and time-to-first-token percentiles and error counts per provider (and served model, with
    /// <paramref name="byModel"/>), over the requests in [from, to) that <paramref name="filter"/> lets through.
    /// </summary>
    public Task<IReadOnlyList<ProviderLatency>> LatencyAsync(
        DateTimeOffset from, DateTimeOffset to, UsageFilter filter, bool byModel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parameters = filter.Parameters(rollup: false);
        parameters.Add("From", from);
        parameters.Add("To", to);
        return _sql.QueryAsync<ProviderLatency>(
            $"""
            select coalesce(provider_id, '') as Provider, {(byModel ? "coalesce(served_model, '')" : "null::text")} as Model,
                   count(*) as Requests, count(*) filter (where status >= 400) as Errors,
                   percentile_cont(0.5) within group (order by latency_ms) as LatencyP50,
                   percentile_cont(0.95) within group (order by latency_ms) as LatencyP95,
                   percentile_cont(0.99) within group (order by latency_ms) as LatencyP99,
                   percentile_cont(0.5) within group (order by ttft_ms) as TtftP50,
                   percentile_cont(0.95) within group (order by ttft_ms) as TtftP95,
                   percentile_cont(0.99) within group (order by ttft_ms) as TtftP99
            from requests
            where created_at >= @From and created_at < @To{filter.RequestConditions()}
            group by 1, 2
            order by 1, 2
            """,
            parameters,
            cancellationToken);
    }

    /// <summary>
    /// One request by its response id (<c>gen-{unix seconds}-…</c>): the seconds in the id bound <c>created_at</c>, so the
    /// lookup reads one partition. Null when it is not (or not yet) stored.
    /// </summary>
    public Task<StoredRequest?> FindRequestAsync(string id, CancellationToken cancellationToken) =>
        RequestLogRepository.FindAsync(_sql, id, cancellationToken);

    /// <summary>What a key has spent (from the daily rollup); <paramref name="keyRef"/> as in <see cref="UsageDimension.Key"/>.</summary>
    public async Task<KeyUsage> KeyUsageAsync(string keyRef, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var week = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var month = new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var usage = await _sql.QuerySingleOrDefaultAsync<KeyUsage>(
            """
            select coalesce(sum(cost), 0) as Total,
                   coalesce(sum(cost) filter (where bucket >= @Today), 0) as Today,
                   coalesce(sum(cost) filter (where bucket >= @Week), 0) as ThisWeek,
                   coalesce(sum(cost) filter (where bucket >= @Month), 0) as ThisMonth
            from usage_rollup_daily where key_ref = @KeyRef
            """,
            new { KeyRef = keyRef, Today = today, Week = week, Month = month },
            cancellationToken).ConfigureAwait(false);
        return usage ?? new KeyUsage(0, 0, 0, 0);
    }

    /// <summary>A database key's name (its label), or null.</summary>
    public Task<string?> KeyNameAsync(Guid keyId, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<string?>("select name from api_keys where id = @Id", new { Id = keyId }, cancellationToken);

    /// <summary>How the rollups name a key: a database key's uuid, or <c>config:</c> and a config-file key's name.</summary>
    public static string KeyRef(string keyId) =>
        Guid.TryParse(keyId, out var id) ? id.ToString() : "config:" + keyId;

    private static string Column(UsageDimension dimension) => dimension switch
    {
        UsageDimension.Model => "requested_model",
        UsageDimension.ServedModel => "served_model",
        UsageDimension.Provider => "provider_id",
        UsageDimension.Key => "key_ref",
        UsageDimension.Environment => "environment_id",
        UsageDimension.Team => "team_id",
        UsageDimension.Org => "org_id",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };
}
