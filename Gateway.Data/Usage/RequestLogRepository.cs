using System.Globalization;

namespace Gateway.Data.Usage;

/// <summary>
/// Reads the request log: stored requests newest first within a time range, one request with its routing decision,
/// and its stored bodies. Pages are keyset pages on (created_at, id), so a page costs the same however deep it is.
/// </summary>
public sealed class RequestLogRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    /// <summary>A <see cref="StoredRequest"/>'s columns, of <c>requests r</c>.</summary>
    internal const string Columns =
        "r.id as Id, r.created_at as CreatedAt, r.key_id as KeyId, r.config_key_id as ConfigKeyId, r.org_id as OrgId, r.team_id as TeamId, " +
        "r.environment_id as EnvironmentId, r.requested_model as RequestedModel, r.provider_id as ProviderId, r.served_model as ServedModel, " +
        "r.provider_response_id as ProviderResponseId, r.status as Status, r.error_code as ErrorCode, r.prompt_tokens as PromptTokens, " +
        "r.completion_tokens as CompletionTokens, r.cached_read_tokens as CachedReadTokens, r.cache_write_tokens as CacheWriteTokens, " +
        "r.reasoning_tokens as ReasoningTokens, r.cost as Cost, r.latency_ms as LatencyMs, r.upstream_latency_ms as UpstreamLatencyMs, " +
        "r.ttft_ms as TtftMs, r.stream as Stream, r.estimated as Estimated, r.finish_reason as FinishReason, r.kind as Kind, " +
        "r.billing_unit as BillingUnit, r.billing_quantity as BillingQuantity, r.routing_decision::text as RoutingDecision, r.attempts::text as Attempts, " +
        "exists (select 1 from request_bodies b where b.request_id = r.id and b.created_at = r.created_at) as HasBodies";

    private readonly SqlExecutor _sql = new(dataSource, options);

    /// <summary>
    /// Requests in [<paramref name="from"/>, <paramref name="to"/>) that <paramref name="filter"/> lets through, newest first;
    /// <paramref name="errorsOnly"/> keeps those answered with a 4xx or 5xx. A cursor this list did not issue is an <see cref="ArgumentException"/>.
    /// </summary>
    public async Task<Page<StoredRequest>> ListAsync(
        UsageFilter filter, DateTimeOffset from, DateTimeOffset to, bool errorsOnly, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var limit = Paging.Limit(page, _sql.Options);
        var parameters = filter.Parameters(rollup: false);
        parameters.Add("From", from);
        parameters.Add("To", to);
        parameters.Add("Take", limit + 1);
        var after = "";
        if (page.Cursor is not null)
        {
            var parts = PageCursor.Decode(page.Cursor, 2);
            if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                throw new ArgumentException("The page cursor is not one this list issued.", nameof(page));
            }
            parameters.Add("AfterAt", new DateTimeOffset(ticks, TimeSpan.Zero));
            parameters.Add("AfterId", parts[1]);
            after = " and (r.created_at, r.id) < (@AfterAt, @AfterId)";
        }
        var conditions = filter.RequestConditions("r.");
        var rows = await _sql.QueryAsync<StoredRequest>(
            $"""
            select {Columns}
            from requests r
            where r.created_at >= @From and r.created_at < @To{conditions}{(errorsOnly ? " and r.status >= 400" : "")}{after}
            order by r.created_at desc, r.id desc
            limit @Take
            """,
            parameters,
            cancellationToken).ConfigureAwait(false);
        return Paging.Build(rows, limit, row => PageCursor.Encode(row.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), row.Id));
    }

    /// <summary>One request by its response id (<c>gen-{unix seconds}-…</c>, whose seconds bound the partition read); null when not stored.</summary>
    public Task<StoredRequest?> GetAsync(string id, CancellationToken cancellationToken) => FindAsync(_sql, id, cancellationToken);

    /// <summary><see cref="GetAsync"/> for the repositories that read one request too.</summary>
    internal static async Task<StoredRequest?> FindAsync(SqlExecutor sql, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!ResponseIdTime.TryGetSecond(id, out var second))
        {
            return null;
        }
        return await sql.QuerySingleOrDefaultAsync<StoredRequest>(
            $"select {Columns} from requests r where r.id = @Id and r.created_at >= @From and r.created_at < @To",
            new { Id = id, From = second, To = second.AddSeconds(1) },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored bodies of a request; null when none were stored.</summary>
    public async Task<StoredBodies?> GetBodiesAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!ResponseIdTime.TryGetSecond(id, out var second))
        {
            return null;
        }
        return await _sql.QuerySingleOrDefaultAsync<StoredBodies>(
            """
            select request_body as RequestBody, response_body as ResponseBody, request_truncated as RequestTruncated,
                   response_truncated as ResponseTruncated
            from request_bodies where request_id = @Id and created_at >= @From and created_at < @To
            """,
            new { Id = id, From = second, To = second.AddSeconds(1) },
            cancellationToken).ConfigureAwait(false);
    }
}
