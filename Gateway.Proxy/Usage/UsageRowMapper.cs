using System.Buffers;
using System.Text;
using Gateway.Data.Usage;
using Gateway.Transforms;

namespace Gateway.Proxy.Usage;

/// <summary>
/// Turns a usage record into the row the writer stores, off the request path (on the writer's thread, or on a request
/// thread only when the queue is full). Values are brought within the table's constraints here, so a batch is never
/// refused for one odd record.
/// </summary>
internal static class UsageRowMapper
{
    private const int MaxIdLength = 128;
    private const int MaxConfigKeyLength = 200;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    public static UsageRow Map(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Guid? keyId = null;
        string? configKeyId = null;
        if (record.KeyId is { } key)
        {
            // Database keys are uuids; config-file keys are names.
            if (Guid.TryParse(key, out var id))
            {
                keyId = id;
            }
            else
            {
                configKeyId = Cut(key, MaxConfigKeyLength);
            }
        }
        return new UsageRow
        {
            Id = Cut(record.Id, MaxIdLength),
            CreatedAt = record.CreatedAt,
            KeyId = keyId,
            ConfigKeyId = configKeyId,
            OrgId = record.OrganizationId,
            TeamId = record.TeamId,
            EnvironmentId = record.EnvironmentId,
            RequestedModel = record.RequestedModel,
            ProviderId = record.ProviderId,
            ServedModel = record.ServedModel,
            ProviderResponseId = record.ProviderResponseId,
            Status = Math.Clamp(record.Status, 100, 599),
            ErrorCode = record.ErrorCode,
            PromptTokens = NonNegative(record.Tokens.PromptTokens),
            CompletionTokens = NonNegative(record.Tokens.CompletionTokens),
            CachedReadTokens = NonNegative(record.Tokens.CachedReadTokens),
            CacheWriteTokens = NonNegative(record.Tokens.CacheWriteTokens),
            ReasoningTokens = NonNegative(record.Tokens.ReasoningTokens),
            Cost = Math.Max(0m, record.Cost),
            LatencyMs = Milliseconds(record.DurationMs),
            UpstreamLatencyMs = record.UpstreamMs is { } upstream ? Milliseconds(upstream) : null,
            TtftMs = record.TimeToFirstTokenMs is { } ttft ? Milliseconds(ttft) : null,
            Stream = record.Stream,
            Estimated = record.Estimated,
            Kind = record.Kind,
            BillingUnit = record.BillingUnit,
            BillingQuantity = record.BillingQuantity,
            CacheHit = record.CacheHit,
            CostSaved = Math.Max(0m, record.CostSaved),
            FinishReason = record.FinishReason,
            ClientIp = record.ClientIp,
            UserAgent = record.UserAgent,
            RoutingDecision = RoutingDecisionJson(record),
            Attempts = AttemptsJson(record),
            RequestBody = record.RequestBody,
            ResponseBody = record.ResponseBody,
            RequestBodyTruncated = record.RequestBodyTruncated,
            ResponseBodyTruncated = record.ResponseBodyTruncated,
        };
    }

    private static string? RoutingDecisionJson(UsageRecord record)
    {
        if (record.Strategy is null && record.Candidates.Count == 0)
        {
            return null;
        }
        return Json(record, static (json, record) =>
        {
            json.WriteStartObject();
            json.WriteString("strategy"u8, record.Strategy);
            json.WritePropertyName("candidates"u8);
            json.WriteStartArray();
            foreach (var candidate in record.Candidates)
            {
                json.WriteStartObject();
                json.WriteString("provider"u8, candidate.ProviderId);
                json.WriteString("model"u8, candidate.Model);
                json.WriteString("outcome"u8, candidate.Outcome);
                if (candidate.Reason is not null)
                {
                    json.WriteString("reason"u8, candidate.Reason);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static string AttemptsJson(UsageRecord record) => Json(record, static (json, record) =>
    {
        json.WriteStartArray();
        foreach (var attempt in record.AttemptDetails)
        {
            json.WriteStartObject();
            json.WriteNumber("attempt"u8, Math.Clamp(attempt.Number, 1, short.MaxValue));
            json.WriteString("provider"u8, attempt.ProviderId);
            json.WriteString("model"u8, attempt.Model);
            json.WriteString("outcome"u8, attempt.Outcome);
            if (attempt.UpstreamStatus is { } status)
            {
                json.WriteNumber("status"u8, status);
            }
            if (attempt.ErrorCode is not null)
            {
                json.WriteString("error_code"u8, attempt.ErrorCode);
            }
            json.WriteNumber("latency_ms"u8, Milliseconds(attempt.DurationMs));
            json.WriteBoolean("billed"u8, attempt.Billed);
            if (attempt.Billed)
            {
                json.WriteNumber("prompt_tokens"u8, NonNegative(attempt.Tokens.PromptTokens));
                json.WriteNumber("completion_tokens"u8, NonNegative(attempt.Tokens.CompletionTokens));
                json.WriteNumber("cached_read_tokens"u8, NonNegative(attempt.Tokens.CachedReadTokens));
                json.WriteNumber("cache_write_tokens"u8, NonNegative(attempt.Tokens.CacheWriteTokens));
                json.WriteNumber("reasoning_tokens"u8, NonNegative(attempt.Tokens.ReasoningTokens));
                json.WriteNumber("cost"u8, Math.Max(0m, attempt.Cost));
                json.WriteBoolean("estimated"u8, attempt.Estimated);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    private static string Json(UsageRecord record, Action<Utf8JsonWriter, UsageRecord> write)
    {
        // One buffer and writer per thread (the writer's, or a request's when the queue is full), reset for each document.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var json = JsonWriting.Reuse(ref t_json, buffer);
        write(json, record);
        json.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static int NonNegative(int value) => Math.Max(0, value);

    private static int Milliseconds(double value) => value <= 0 ? 0 : value >= int.MaxValue ? int.MaxValue : (int)Math.Round(value);

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
