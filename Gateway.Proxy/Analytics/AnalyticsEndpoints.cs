using Gateway.Data.Usage;
using Gateway.Proxy.Errors;

namespace Gateway.Proxy.Analytics;

/// <summary>
/// <c>GET /admin/v1/analytics/usage</c>: requests, tokens and cost by model, served model, provider, key, environment,
/// team or org over a time range (from the rollups, optionally split by hour, day or month); <c>GET /admin/v1/analytics/latency</c>:
/// latency and time-to-first-token p50/p95/p99 and error rate per provider, or per provider and model with
/// <c>group_by=model</c> (exact percentiles over the range's requests). Both take the filters of <see cref="AnalyticsFilter"/>.
/// Admin keys only; a scoped admin names one of its scopes.
/// </summary>
internal static class AnalyticsEndpoints
{
    public const string Prefix = "/admin/v1/analytics";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Prefix + "/usage", UsageAsync);
        endpoints.MapGet(Prefix + "/latency", LatencyAsync);
    }

    private static async Task UsageAsync(HttpContext context, TimeProvider time)
    {
        var dimension = UsageDimension.Model;
        var granularity = UsageGranularity.Total;
        var query = await ReadQueryAsync(context, time, parameters => ParseEnum(parameters, "group_by", ref dimension) ?? ParseEnum(parameters, "granularity", ref granularity))
            .ConfigureAwait(false);
        if (query is null)
        {
            return;
        }
        var (repository, from, to, filter) = query;
        var totals = await repository.TotalsAsync(dimension, granularity, from, to, filter, context.RequestAborted).ConfigureAwait(false);

        await AnalyticsJson.WriteListAsync(context, from, to, totals, json =>
        {
            json.WriteString("group_by"u8, SnakeCase(dimension.ToString()));
            json.WriteString("granularity"u8, SnakeCase(granularity.ToString()));
        }, static (json, row) =>
        {
            json.WriteString("value"u8, row.Value);
            if (row.Bucket is { } bucket)
            {
                json.WriteString("bucket"u8, bucket.ToUniversalTime());
            }
            WriteRequestCounts(json, row.Requests, row.Errors);
            json.WriteNumber("streamed"u8, row.Streamed);
            json.WriteNumber("estimated"u8, row.Estimated);
            json.WriteNumber("prompt_tokens"u8, row.PromptTokens);
            json.WriteNumber("completion_tokens"u8, row.CompletionTokens);
            json.WriteNumber("cached_read_tokens"u8, row.CachedReadTokens);
            json.WriteNumber("cache_write_tokens"u8, row.CacheWriteTokens);
            json.WriteNumber("reasoning_tokens"u8, row.ReasoningTokens);
            json.WriteNumber("cost"u8, row.Cost);
            json.WriteNumber("avg_latency_ms"u8, row.Requests == 0 ? 0 : (double)row.LatencyMsSum / row.Requests);
        }).ConfigureAwait(false);
    }

    private static async Task LatencyAsync(HttpContext context, TimeProvider time)
    {
        var byModel = false;
        var query = await ReadQueryAsync(context, time, parameters =>
        {
            if (!parameters.TryGetValue("group_by", out var groupBy))
            {
                return null;
            }
            byModel = groupBy.ToString() == "model";
            return byModel || groupBy.ToString() == "provider" ? null
                : GatewayError.InvalidRequest("'group_by' must be one of provider, model.", "group_by", "invalid_value");
        }).ConfigureAwait(false);
        if (query is null)
        {
            return;
        }
        var (repository, from, to, filter) = query;
        var providers = await repository.LatencyAsync(from, to, filter, byModel, context.RequestAborted).ConfigureAwait(false);

        await AnalyticsJson.WriteListAsync(context, from, to, providers, null, (json, row) =>
        {
            json.WriteString("provider"u8, row.Provider);
            if (byModel)
            {
                json.WriteString("model"u8, row.Model);
            }
            WriteRequestCounts(json, row.Requests, row.Errors);
            WritePercentiles(json, "latency_ms"u8, row.LatencyP50, row.LatencyP95, row.LatencyP99);
            WritePercentiles(json, "ttft_ms"u8, row.TtftP50, row.TtftP95, row.TtftP99);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// What both endpoints read, in this order: an admin with a database, the time range, the endpoint's own parameters
    /// (<paramref name="readParameters"/>), the filter. Null once the first error found has been answered.
    /// </summary>
    private static async Task<AnalyticsQuery?> ReadQueryAsync(HttpContext context, TimeProvider time, Func<IQueryCollection, GatewayError?> readParameters)
    {
        var repository = AnalyticsAccess.Admin(context, out var error);
        var range = repository is null ? null : AnalyticsRange.Parse(context.Request.Query, time.GetUtcNow(), out error);
        error ??= readParameters(context.Request.Query);
        UsageFilter? filter = null;
        if (error is null)
        {
            (filter, error) = await AnalyticsFilter.ReadAsync(context).ConfigureAwait(false);
        }
        if (error is not null)
        {
            await ErrorResponseWriter.WriteAsync(context, error).ConfigureAwait(false);
            return null;
        }
        var (from, to) = range!.Value;
        return new AnalyticsQuery(repository!, from, to, filter!);
    }

    private static void WriteRequestCounts(Utf8JsonWriter json, long requests, long errors)
    {
        json.WriteNumber("requests"u8, requests);
        json.WriteNumber("errors"u8, errors);
        json.WriteNumber("error_rate"u8, requests == 0 ? 0 : (double)errors / requests);
    }

    private static void WritePercentiles(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? p50, double? p95, double? p99)
    {
        json.WritePropertyName(name);
        json.WriteStartObject();
        AnalyticsJson.WriteNumberOrNull(json, "p50"u8, p50);
        AnalyticsJson.WriteNumberOrNull(json, "p95"u8, p95);
        AnalyticsJson.WriteNumberOrNull(json, "p99"u8, p99);
        json.WriteEndObject();
    }

    /// <summary>Reads an enum parameter written in snake case (<c>served_model</c>); absent keeps the default.</summary>
    private static GatewayError? ParseEnum<T>(IQueryCollection query, string name, ref T value)
        where T : struct, Enum
    {
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }
        if (Enum.TryParse<T>(text.ToString().Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            value = parsed;
            return null;
        }
        var allowed = string.Join(", ", Enum.GetNames<T>().Select(SnakeCase));
        return GatewayError.InvalidRequest($"'{name}' must be one of {allowed}.", name, "invalid_value");
    }

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private sealed record AnalyticsQuery(UsageAnalyticsRepository Repository, DateTimeOffset From, DateTimeOffset To, UsageFilter Filter);
}
