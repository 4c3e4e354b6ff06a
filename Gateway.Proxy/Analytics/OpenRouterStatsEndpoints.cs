using Gateway.Data.Usage;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Errors;

namespace Gateway.Proxy.Analytics;

/// <summary>
/// OpenRouter's stats endpoints for the calling key. <c>GET /api/v1/generation?id=gen-…</c>: one of the key's own
/// requests in OpenRouter's shape (records are written in batches, so a request is found a moment after it ends).
/// <c>GET /api/v1/key</c>: the key's label and spend, its own budget as OpenRouter's credit limit (the monthly one,
/// else the daily one; null when the key has none) and its requests-per-minute limit.
/// </summary>
internal static class OpenRouterStatsEndpoints
{
    private static readonly GatewayError MissingId = GatewayError.InvalidRequest("The 'id' query parameter is required.", "id", "missing_required_parameter");

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/generation", GenerationAsync);
        endpoints.MapGet("/api/v1/key", KeyAsync);
    }

    private static async Task GenerationAsync(HttpContext context)
    {
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        var id = context.Request.Query["id"].ToString();
        var repository = AnalyticsAccess.Repository(context, out var error);
        error ??= string.IsNullOrEmpty(id) ? MissingId : null;
        if (error is not null)
        {
            await ErrorResponseWriter.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }
        var request = await repository!.FindRequestAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (request is null || !OwnedBy(request, caller.Key.Id))
        {
            // Another key's request is reported exactly like a missing one.
            await ErrorResponseWriter.WriteAsync(context, new GatewayError(404, GatewayErrorTypes.InvalidRequest,
                $"Generation '{id}' was not found.", "generation_not_found", "id")).ConfigureAwait(false);
            return;
        }

        await AnalyticsJson.WriteObjectAsync(context, json =>
        {
            json.WritePropertyName("data"u8);
            json.WriteStartObject();
            json.WriteString("id"u8, request.Id);
            json.WriteString("created_at"u8, request.CreatedAt.ToUniversalTime());
            json.WriteString("model"u8, request.RequestedModel);
            json.WriteString("provider_name"u8, request.ProviderId);
            json.WriteString("served_model"u8, request.ServedModel);
            json.WriteString("upstream_id"u8, request.ProviderResponseId);
            json.WriteNumber("total_cost"u8, request.Cost);
            json.WriteNumber("usage"u8, request.Cost);
            json.WriteBoolean("is_byok"u8, false);
            json.WriteBoolean("streamed"u8, request.Stream);
            json.WriteBoolean("cancelled"u8, request.Status == 499);
            // OpenRouter's latency is the time to the first token; generation_time the time spent at the provider.
            AnalyticsJson.WriteNumberOrNull(json, "latency"u8, request.TtftMs ?? request.LatencyMs);
            AnalyticsJson.WriteNumberOrNull(json, "generation_time"u8, request.UpstreamLatencyMs);
            json.WriteNumber("total_latency"u8, request.LatencyMs);
            json.WriteString("finish_reason"u8, request.FinishReason);
            json.WriteNumber("status"u8, request.Status);
            json.WriteString("error_code"u8, request.ErrorCode);
            json.WriteNumber("tokens_prompt"u8, request.PromptTokens);
            json.WriteNumber("tokens_completion"u8, request.CompletionTokens);
            // OpenRouter's native_* are the provider's own counts. The gateway keeps only those (it normalises nothing), so
            // they are the tokens above when the provider reported them, and null when the gateway had to estimate.
            var native = request.Estimated ? (int?)null : 0;
            AnalyticsJson.WriteNumberOrNull(json, "native_tokens_prompt"u8, native + request.PromptTokens);
            AnalyticsJson.WriteNumberOrNull(json, "native_tokens_completion"u8, native + request.CompletionTokens);
            AnalyticsJson.WriteNumberOrNull(json, "native_tokens_reasoning"u8, native + request.ReasoningTokens);
            AnalyticsJson.WriteNumberOrNull(json, "native_tokens_cached"u8, native + request.CachedReadTokens);
            AnalyticsJson.WriteNumberOrNull(json, "native_tokens_cache_write"u8, native + request.CacheWriteTokens);
            json.WriteBoolean("tokens_estimated"u8, request.Estimated);
            // The gateway's own: which endpoint, and what it billed by (embeddings: input_tokens; images: images; …).
            json.WriteString("kind"u8, request.Kind);
            json.WriteString("billing_unit"u8, request.BillingUnit);
            json.WriteNumber("billing_quantity"u8, request.BillingQuantity);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task KeyAsync(HttpContext context, TimeProvider time)
    {
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        var key = caller.Key;
        var repository = context.RequestServices.GetService<UsageAnalyticsRepository>();
        var label = key.Id;
        KeyUsage? usage = null;
        if (repository is not null)
        {
            if (Guid.TryParse(key.Id, out var keyId))
            {
                label = await repository.KeyNameAsync(keyId, context.RequestAborted).ConfigureAwait(false) ?? key.Id;
            }
            usage = await repository.KeyUsageAsync(UsageAnalyticsRepository.KeyRef(key.Id), time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        }

        await AnalyticsJson.WriteObjectAsync(context, json =>
        {
            json.WritePropertyName("data"u8);
            json.WriteStartObject();
            json.WriteString("label"u8, label);
            AnalyticsJson.WriteNumberOrNull(json, "usage"u8, usage?.Total);
            AnalyticsJson.WriteNumberOrNull(json, "usage_daily"u8, usage?.Today);
            AnalyticsJson.WriteNumberOrNull(json, "usage_weekly"u8, usage?.ThisWeek);
            AnalyticsJson.WriteNumberOrNull(json, "usage_monthly"u8, usage?.ThisMonth);
            var limits = QuotaLimitResolver.Resolve(key, caller.Snapshot.Catalog.Quotas);
            var budget = KeyLimit(limits, key.Id, QuotaMeasure.Cost, QuotaPeriod.Month) ?? KeyLimit(limits, key.Id, QuotaMeasure.Cost, QuotaPeriod.Day);
            if (budget is null)
            {
                json.WriteNull("limit"u8);
                json.WriteNull("limit_remaining"u8);
                json.WriteNull("limit_reset"u8);
            }
            else
            {
                var spent = budget.Period == QuotaPeriod.Month ? usage?.ThisMonth : usage?.Today;
                json.WriteNumber("limit"u8, budget.Limit);
                AnalyticsJson.WriteNumberOrNull(json, "limit_remaining"u8, spent is { } used ? Math.Max(0, budget.Limit - used) : null);
                json.WriteString("limit_reset"u8, budget.Period == QuotaPeriod.Month ? "monthly" : "daily");
            }
            json.WriteBoolean("is_free_tier"u8, false);
            if (KeyLimit(limits, key.Id, QuotaMeasure.Requests, QuotaPeriod.Minute) is { } rpm)
            {
                json.WritePropertyName("rate_limit"u8);
                json.WriteStartObject();
                json.WriteNumber("requests"u8, rpm.Limit);
                json.WriteString("interval"u8, "1m");
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static QuotaLimit? KeyLimit(IReadOnlyList<QuotaLimit> limits, string keyId, QuotaMeasure measure, QuotaPeriod period)
    {
        foreach (var limit in limits)
        {
            if (limit.Subject == QuotaSubject.Key(keyId) && limit.Measure == measure && limit.Period == period)
            {
                return limit;
            }
        }
        return null;
    }

    private static bool OwnedBy(StoredRequest request, string keyId) =>
        Guid.TryParse(keyId, out var id) ? request.KeyId == id : request.ConfigKeyId == keyId;
}
