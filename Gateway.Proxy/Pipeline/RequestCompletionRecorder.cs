using System.Diagnostics;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Pipeline;

/// <summary>After a chat request ends (served, failed or abandoned): one usage record and the metrics.</summary>
internal sealed class RequestCompletionRecorder
{
    /// <summary>A rough UTF-8 bytes-per-token ratio for text when the provider reported no usage.</summary>
    private const double BytesPerToken = 4.0;

    private readonly IUsageSink _sink;
    private readonly GatewayMetrics _metrics;

    public RequestCompletionRecorder(IUsageSink sink, GatewayMetrics metrics)
    {
        _sink = sink;
        _metrics = metrics;
    }

    public void Record(HttpContext context, GatewayRequestFeature feature, GatewayError? error)
    {
        var now = Stopwatch.GetTimestamp();
        var served = LastSent(feature);
        var outcome = served?.Outcome;
        var clientGone = served?.Kind == AttemptOutcomeKind.ClientAborted || (error is null && !context.Response.HasStarted && context.RequestAborted.IsCancellationRequested);
        var status = error?.StatusCode ?? (clientGone ? 499 : context.Response.StatusCode);
        var model = feature.Plan?.RequestedModel ?? "_unresolved";
        var providerId = served?.Target.Provider.Id;
        var stream = feature.Request?.Stream ?? false;

        var tokens = outcome?.Usage ?? default;
        var estimated = false;
        if (outcome is { Usage: null, GeneratedBytes: > 0 })
        {
            tokens = new TokenUsage(0, (int)Math.Ceiling(outcome.GeneratedBytes / BytesPerToken));
            estimated = true;
        }

        var duration = Stopwatch.GetElapsedTime(feature.StartTimestamp, now).TotalMilliseconds;
        double? upstream = served is null ? null : Stopwatch.GetElapsedTime(served.StartTimestamp, served.EndTimestamp == 0 ? now : served.EndTimestamp).TotalMilliseconds;
        double? firstToken = outcome is { FirstTokenTimestamp: > 0 } ? Stopwatch.GetElapsedTime(feature.StartTimestamp, outcome.FirstTokenTimestamp).TotalMilliseconds : null;

        _sink.Record(new UsageRecord
        {
            Id = feature.ResponseId,
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(feature.Created),
            KeyId = feature.Key?.Id,
            RequestedModel = model,
            ProviderId = providerId,
            ServedModel = outcome?.ProviderModel ?? served?.Target.Model,
            ProviderResponseId = outcome?.ProviderResponseId,
            Status = status,
            ErrorCode = error?.Code ?? outcome?.StreamError?.Code,
            Tokens = tokens,
            Estimated = estimated,
            Stream = stream,
            FinishReason = outcome?.FinishReason,
            DurationMs = duration,
            UpstreamMs = upstream,
            TimeToFirstTokenMs = firstToken,
            Attempts = CountSent(feature),
            ClientIp = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent[0] : null,
        });

        var providerLabel = providerId ?? "none";
        _metrics.Request(model, providerLabel, status, stream, duration / 1000);
        if (served is not null && upstream is { } upstreamMs)
        {
            _metrics.Upstream(providerLabel, upstreamMs / 1000);
        }
        if (firstToken is { } ttft && status < 400)
        {
            _metrics.FirstToken(model, providerLabel, ttft / 1000);
        }
        if (tokens.TotalTokens > 0)
        {
            _metrics.Tokens(model, providerLabel, tokens.PromptTokens, tokens.CompletionTokens, tokens.CachedReadTokens);
        }
        if (served is not null && served.Kind == AttemptOutcomeKind.Succeeded && CountSent(feature) > 1)
        {
            _metrics.Failover(model);
        }
    }

    private static AttemptContext? LastSent(GatewayRequestFeature feature)
    {
        var attempts = feature.Attempts;
        for (var i = attempts.Count - 1; i >= 0; i--)
        {
            if (attempts[i].Kind is not (AttemptOutcomeKind.Rejected or AttemptOutcomeKind.Skipped))
            {
                return attempts[i];
            }
        }
        return null;
    }

    private static int CountSent(GatewayRequestFeature feature)
    {
        var count = 0;
        foreach (var attempt in feature.Attempts)
        {
            if (attempt.Kind is not (AttemptOutcomeKind.Rejected or AttemptOutcomeKind.Skipped))
            {
                count++;
            }
        }
        return count;
    }
}
