using System.Diagnostics;
using Gateway.Policies.Pricing;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Pipeline;

/// <summary>
/// After a chat request ends (served, failed or abandoned): one usage record, with the request's account (every
/// attempt sent, as <see cref="RequestAccountant"/> settled it, the same figures quotas settled) and the routing
/// decision, handed to the sink (which never blocks), and the metrics.
/// </summary>
internal sealed class RequestCompletionRecorder
{
    private readonly IUsageSink _sink;
    private readonly GatewayMetrics _metrics;
    private readonly IOptionsMonitor<UsageOptions> _options;
    private readonly KnownTargets _known;
    private readonly EndpointMetrics _endpoints;

    public RequestCompletionRecorder(IUsageSink sink, GatewayMetrics metrics, IOptionsMonitor<UsageOptions> options, KnownTargets known, EndpointMetrics endpoints)
    {
        _endpoints = endpoints;
        _known = known;
        _sink = sink;
        _metrics = metrics;
        _options = options;
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
        // A cache hit asked no provider: the row names the one that made the answer, and what it saved.
        var hit = feature.Cache?.Hit;
        var stream = feature.Parsed?.Stream ?? false;

        var account = feature.Account ?? throw new InvalidOperationException("The request's account was not settled before recording it.");
        var attempts = Attempts(account, now);
        var tokens = account.Tokens;
        var duration = Stopwatch.GetElapsedTime(feature.StartTimestamp, now).TotalMilliseconds;
        double? upstream = served is null ? null : Stopwatch.GetElapsedTime(served.StartTimestamp, served.EndTimestamp == 0 ? now : served.EndTimestamp).TotalMilliseconds;
        double? firstToken = outcome is { FirstTokenTimestamp: > 0 } ? Stopwatch.GetElapsedTime(feature.StartTimestamp, outcome.FirstTokenTimestamp).TotalMilliseconds : null;
        var key = feature.Key;
        var storeBodies = key is { StoreBodies: true };
        var maxBody = _options.CurrentValue.MaxStoredBodyBytes;
        string? requestBody = null, responseBody = null;
        bool requestTruncated = false, responseTruncated = false;
        if (storeBodies)
        {
            requestBody = feature.RequestBody is { } body ? StoredBody.From(body.WrittenSpan, maxBody, out requestTruncated) : null;
            // The capture stops at the cap; a whole answer or stream that reached it is taken as cut.
            responseBody = feature.ResponseCapture is { } answer ? StoredBody.From(answer.WrittenSpan, maxBody, out responseTruncated) : null;
            responseTruncated |= feature.ResponseCapture is { } captured && captured.WrittenCount >= maxBody;
        }

        _sink.Record(new UsageRecord
        {
            Id = feature.ResponseId,
            CreatedAt = feature.StartedAt,
            KeyId = key?.Id,
            OrganizationId = key?.Scope.OrganizationId,
            TeamId = key?.Scope.TeamId,
            EnvironmentId = key?.Scope.EnvironmentId,
            RequestedModel = model,
            ProviderId = providerId ?? hit?.ProviderId,
            ServedModel = outcome?.ProviderModel ?? served?.Target.Model ?? hit?.ServedModel,
            ProviderResponseId = outcome?.ProviderResponseId,
            Status = status,
            ErrorCode = error?.Code ?? outcome?.StreamError?.Code ?? (clientGone ? "client_closed_request" : null),
            Tokens = tokens,
            Cost = account.Cost,
            Estimated = account.Estimated,
            Stream = stream,
            Kind = feature.Kind.Name,
            BillingUnit = UsageUnitNames.Of(feature.Kind.Unit),
            BillingQuantity = BillingQuantity(feature.Kind.Unit, tokens, attempts, feature),
            FinishReason = outcome?.FinishReason ?? hit?.FinishReason,
            CacheHit = hit is not null,
            CostSaved = hit?.Cost ?? 0m,
            DurationMs = duration,
            UpstreamMs = upstream,
            TimeToFirstTokenMs = firstToken,
            Attempts = attempts.Count,
            AttemptDetails = attempts,
            Strategy = feature.Decision?.Policy.Describe() ?? (feature.Plan is { } plan ? plan.Strategy.ToString().ToLowerInvariant() : null),
            Candidates = Candidates(feature),
            ClientIp = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent[0] : null,
            RequestBody = requestBody,
            ResponseBody = responseBody,
            RequestBodyTruncated = requestTruncated,
            ResponseBodyTruncated = responseTruncated,
        });

        var providerLabel = providerId ?? (hit is not null ? "cache" : "none");
        // The record keeps the name as sent; the label only a bounded one (see MetricLabels).
        var modelLabel = MetricLabels.RequestedModel(feature, served, _known);
        _metrics.Request(modelLabel, providerLabel, status, stream, duration / 1000);
        _endpoints.Request(feature.Kind.Name, status, duration / 1000);
        if (served is not null && upstream is { } upstreamMs)
        {
            _metrics.Upstream(providerLabel, upstreamMs / 1000);
        }
        if (firstToken is { } ttft && status < 400)
        {
            _metrics.FirstToken(modelLabel, providerLabel, ttft / 1000);
        }
        foreach (var attempt in attempts)
        {
            if (attempt.Billed)
            {
                _metrics.Usage(attempt.Model, attempt.ProviderId, key?.Scope.TeamId, attempt.Tokens, attempt.Cost, attempt.Estimated);
            }
        }
        if (tokens.TotalTokens > 0)
        {
            _metrics.Tokens(modelLabel, providerLabel, tokens.PromptTokens, tokens.CompletionTokens, tokens.CachedReadTokens);
        }
        if (served is not null && served.Kind == AttemptOutcomeKind.Succeeded && attempts.Count > 1)
        {
            _metrics.Failover(modelLabel);
        }
    }

    /// <summary>Every attempt sent, with what its account says it used and cost.</summary>
    private static List<UsageAttempt> Attempts(RequestAccount account, long now)
    {
        var attempts = new List<UsageAttempt>(account.Attempts.Count);
        foreach (var billed in account.Attempts)
        {
            var attempt = billed.Attempt;
            attempts.Add(new UsageAttempt
            {
                Number = attempt.Number,
                ProviderId = attempt.Target.Provider.Id,
                Model = attempt.Target.Model,
                Outcome = AttemptOutcomeNames.Of(attempt.Kind),
                UpstreamStatus = attempt.UpstreamStatus,
                ErrorCode = attempt.Error?.Code ?? attempt.Outcome.StreamError?.Code,
                DurationMs = Stopwatch.GetElapsedTime(attempt.StartTimestamp, attempt.EndTimestamp == 0 ? now : attempt.EndTimestamp).TotalMilliseconds,
                Billed = billed.Billed,
                Tokens = billed.Tokens,
                Cost = billed.Cost,
                Estimated = billed.Estimated,
            });
        }
        return attempts;
    }

    /// <summary>
    /// How many of the kind's unit the billed attempts used: tokens (prompt and completion, or input only), else the
    /// quantities the converters counted (images, seconds, characters).
    /// </summary>
    private static decimal BillingQuantity(UsageUnit unit, in TokenUsage tokens, List<UsageAttempt> attempts, GatewayRequestFeature feature)
    {
        switch (unit)
        {
            case UsageUnit.Tokens:
                return tokens.TotalTokens;
            case UsageUnit.InputTokens:
                return tokens.PromptTokens;
        }
        var quantity = 0m;
        foreach (var attempt in feature.Attempts)
        {
            if (attempt.UpstreamStatus is >= 200 and < 300 && attempt.Outcome.UnitQuantity is { } counted)
            {
                quantity += counted;
            }
        }
        return attempts.Count == 0 ? 0m : quantity;
    }

    /// <summary>The candidates in routing order: what was tried and how it ended, what was skipped and why, what was never reached.</summary>
    private static List<UsageCandidate> Candidates(GatewayRequestFeature feature)
    {
        var plan = feature.Plan;
        if (plan is null)
        {
            return [];
        }
        var dropped = feature.Decision?.Dropped ?? [];
        var candidates = new List<UsageCandidate>(plan.Candidates.Count + dropped.Count);
        foreach (var target in plan.Candidates)
        {
            candidates.Add(Describe(feature, target));
        }
        // What routing removed before trying anything (capabilities, preferences, prices, open circuits), and why.
        foreach (var drop in dropped)
        {
            candidates.Add(new UsageCandidate(drop.Target.Provider.Id, drop.Target.Model, "dropped", $"{drop.Reason}: {drop.Detail}"));
        }
        return candidates;
    }

    private static UsageCandidate Describe(GatewayRequestFeature feature, Gateway.Policies.Catalog.RouteTarget target)
    {
        foreach (var attempt in feature.Attempts)
        {
            if (ReferenceEquals(attempt.Target, target))
            {
                var reason = attempt.Kind switch
                {
                    AttemptOutcomeKind.Rejected => attempt.Error?.Message,
                    AttemptOutcomeKind.Succeeded or AttemptOutcomeKind.ClientAborted => null,
                    _ => attempt.Error?.Code,
                };
                if (attempt.PanicReason is { } outOfService)
                {
                    reason = reason is null ? $"panic: tried although {outOfService}" : $"panic: tried although {outOfService}; {reason}";
                }
                return new UsageCandidate(target.Provider.Id, target.Model, AttemptOutcomeNames.Of(attempt.Kind), reason);
            }
        }
        foreach (var skipped in feature.Skipped)
        {
            if (ReferenceEquals(skipped.Target, target))
            {
                return new UsageCandidate(target.Provider.Id, target.Model, "skipped", skipped.Reason);
            }
        }
        return new UsageCandidate(target.Provider.Id, target.Model, "not_tried", null);
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
}
