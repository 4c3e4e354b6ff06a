using Gateway.Data.Usage;
using Gateway.Proxy.Errors;
using Gateway.Transforms;

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
        var repository = AnalyticsAccess.Admin(context, out var error);
        var range = repository is null ? null : AnalyticsRange.Parse(context.Request.Query, time.GetUtcNow(), out error);
        var dimension = UsageDimension.Model;
        var granularity = UsageGranularity.Total;
        if (error is null)
        {
            error = ParseEnum(context.Request.Query, "group_by", ref dimension) ?? ParseEnum(context.Request.Query, "granularity", ref granularity);
        }
        UsageFilter? filter = null;
        if (error is null)
        {
            (filter, error) = await AnalyticsFilter.ReadAsync(context).ConfigureAwait(false);
        }
        if (error is not null)
        {
            await ErrorResponseWriter.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }
        var (from, to) = range!.Value;
        var totals = await repository!.TotalsAsync(dimension, granularity, from, to, filter!, context.RequestAborted).ConfigureAwait(false);

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("object"u8, "list"u8);
        json.WriteString("group_by"u8, SnakeCase(dimension.ToString()));
        json.WriteString("granularity"u8, SnakeCase(granularity.ToString()));
        json.WriteString("from"u8, from.ToUniversalTime());
        json.WriteString("to"u8, to.ToUniversalTime());
        json.WritePropertyName("data"u8);
        json.WriteStartArray();
        foreach (var row in totals)
        {
            json.WriteStartObject();
            json.WriteString("value"u8, row.Value);
            if (row.Bucket is { } bucket)
            {
                json.WriteString("bucket"u8, bucket.ToUniversalTime());
            }
            json.WriteNumber("requests"u8, row.Requests);
            json.WriteNumber("errors"u8, row.Errors);
            json.WriteNumber("error_rate"u8, row.Requests == 0 ? 0 : (double)row.Errors / row.Requests);
            json.WriteNumber("streamed"u8, row.Streamed);
            json.WriteNumber("estimated"u8, row.Estimated);
            json.WriteNumber("prompt_tokens"u8, row.PromptTokens);
            json.WriteNumber("completion_tokens"u8, row.CompletionTokens);
            json.WriteNumber("cached_read_tokens"u8, row.CachedReadTokens);
            json.WriteNumber("cache_write_tokens"u8, row.CacheWriteTokens);
            json.WriteNumber("reasoning_tokens"u8, row.ReasoningTokens);
            json.WriteNumber("cost"u8, row.Cost);
            json.WriteNumber("avg_latency_ms"u8, row.Requests == 0 ? 0 : (double)row.LatencyMsSum / row.Requests);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task LatencyAsync(HttpContext context, TimeProvider time)
    {
        var repository = AnalyticsAccess.Admin(context, out var error);
        var range = repository is null ? null : AnalyticsRange.Parse(context.Request.Query, time.GetUtcNow(), out error);
        var byModel = false;
        if (error is null && context.Request.Query.TryGetValue("group_by", out var groupBy))
        {
            byModel = groupBy.ToString() == "model";
            error = byModel || groupBy.ToString() == "provider" ? null
                : GatewayError.InvalidRequest("'group_by' must be one of provider, model.", "group_by", "invalid_value");
        }
        UsageFilter? filter = null;
        if (error is null)
        {
            (filter, error) = await AnalyticsFilter.ReadAsync(context).ConfigureAwait(false);
        }
        if (error is not null)
        {
            await ErrorResponseWriter.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }
        var (from, to) = range!.Value;
        var providers = await repository!.LatencyAsync(from, to, filter!, byModel, context.RequestAborted).ConfigureAwait(false);

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("object"u8, "list"u8);
        json.WriteString("from"u8, from.ToUniversalTime());
        json.WriteString("to"u8, to.ToUniversalTime());
        json.WritePropertyName("data"u8);
        json.WriteStartArray();
        foreach (var row in providers)
        {
            json.WriteStartObject();
            json.WriteString("provider"u8, row.Provider);
            if (byModel)
            {
                json.WriteString("model"u8, row.Model);
            }
            json.WriteNumber("requests"u8, row.Requests);
            json.WriteNumber("errors"u8, row.Errors);
            json.WriteNumber("error_rate"u8, row.Requests == 0 ? 0 : (double)row.Errors / row.Requests);
            WritePercentiles(json, "latency_ms"u8, row.LatencyP50, row.LatencyP95, row.LatencyP99);
            WritePercentiles(json, "ttft_ms"u8, row.TtftP50, row.TtftP95, row.TtftP99);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WritePercentiles(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? p50, double? p95, double? p99)
    {
        json.WritePropertyName(name);
        json.WriteStartObject();
        WriteOptional(json, "p50"u8, p50);
        WriteOptional(json, "p95"u8, p95);
        WriteOptional(json, "p99"u8, p99);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } present)
        {
            json.WriteNumber(name, present);
        }
        else
        {
            json.WriteNull(name);
        }
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
}
