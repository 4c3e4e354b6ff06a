namespace Gateway.Data.Usage;

/// <summary>
/// The rollup upserts, run in the batch's transaction over the rows it inserted (never over duplicates, so a replay
/// counts nothing twice). Rows are upserted in key order, so two replicas writing at once lock rollup rows in the same
/// order and cannot deadlock each other. Buckets are UTC hours and days.
/// </summary>
internal static class UsageRollupSql
{
    public static readonly string Upsert = $"""
        {For("usage_rollup_hourly", "hour")}
        {For("usage_rollup_daily", "day")}
        select count(*) from usage_inserted;
        """;

    /// <summary>Every dimension of a rollup row, as stored (text, '' for none).</summary>
    public const string Dimensions = "bucket, key_ref, org_id, team_id, environment_id, requested_model, provider_id, served_model";

    private static string For(string table, string unit) => $"""
        insert into {table} as r ({Dimensions}, requests, errors, streamed, estimated, prompt_tokens, completion_tokens,
                                  cached_read_tokens, cache_write_tokens, reasoning_tokens, cost, latency_ms_sum)
        select date_trunc('{unit}', created_at, 'UTC'),
               coalesce(key_id::text, 'config:' || config_key_id, ''),
               coalesce(org_id::text, ''), coalesce(team_id::text, ''), coalesce(environment_id::text, ''),
               requested_model, coalesce(provider_id, ''), coalesce(served_model, ''),
               count(*), count(*) filter (where status >= 400), count(*) filter (where stream), count(*) filter (where estimated),
               sum(prompt_tokens), sum(completion_tokens), sum(cached_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),
               sum(cost), sum(latency_ms)
        from usage_inserted
        group by 1, 2, 3, 4, 5, 6, 7, 8
        order by 1, 2, 3, 4, 5, 6, 7, 8
        on conflict ({Dimensions}) do update set
            requests = r.requests + excluded.requests,
            errors = r.errors + excluded.errors,
            streamed = r.streamed + excluded.streamed,
            estimated = r.estimated + excluded.estimated,
            prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
            completion_tokens = r.completion_tokens + excluded.completion_tokens,
            cached_read_tokens = r.cached_read_tokens + excluded.cached_read_tokens,
            cache_write_tokens = r.cache_write_tokens + excluded.cache_write_tokens,
            reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens,
            cost = r.cost + excluded.cost,
            latency_ms_sum = r.latency_ms_sum + excluded.latency_ms_sum;
        """;
}
