using System.Diagnostics;
using Gateway.Policies.Catalog;
using Gateway.Policies.Pricing;
using Gateway.Policies.Resilience;
using Gateway.Policies.Routing;
using Gateway.Proxy.Routing;
using Yarp.ReverseProxy.Model;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Errors;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Options;
using Gateway.Proxy.Proxy;
using Gateway.Proxy.Quotas;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Usage;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy.Pipeline;

/// <summary>
/// The chat completions request path inside YARP's pipeline: read and validate the body, resolve the model to
/// ordered candidates, then try them in turn. Each attempt is reassigned to the provider's route and cluster
/// (so YARP's load balancing, passive health and pooled client apply) and sent through the rest of the
/// pipeline. A failure before the first byte reaches the client moves on to the next candidate.
/// </summary>
internal sealed class ChatCompletionsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RequestRouter _router;
    private readonly AttemptResilience _resilience;
    private readonly ProviderAdapterRegistry _adapters;
    private readonly IProxyStateLookup _proxyState;
    private readonly IOptionsMonitor<GatewayLimitsOptions> _limits;
    private readonly AttemptFinisher _finisher;
    private readonly RequestCompletionRecorder _recorder;
    private readonly QuotaEnforcer _quotas;
    private readonly KeyConcurrencyLimiter _concurrency;
    private readonly IOptionsMonitor<QuotaOptions> _quotaOptions;
    private readonly QuotaMetrics _quotaMetrics;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<ChatCompletionsMiddleware> _logger;

    public ChatCompletionsMiddleware(
        RequestDelegate next, RequestRouter router, AttemptResilience resilience, ProviderAdapterRegistry adapters, IProxyStateLookup proxyState,
        IOptionsMonitor<GatewayLimitsOptions> limits, AttemptFinisher finisher, RequestCompletionRecorder recorder,
        QuotaEnforcer quotas, KeyConcurrencyLimiter concurrency, IOptionsMonitor<QuotaOptions> quotaOptions, QuotaMetrics quotaMetrics, TimeProvider time,
        GatewayMetrics metrics, ILogger<ChatCompletionsMiddleware> logger)
    {
        _quotaMetrics = quotaMetrics;
        _concurrency = concurrency;
        _quotaOptions = quotaOptions;
        _metrics = metrics;
        _next = next;
        _quotas = quotas;
        _router = router;
        _resilience = resilience;
        _adapters = adapters;
        _proxyState = proxyState;
        _limits = limits;
        _finisher = finisher;
        _recorder = recorder;
        _time = time;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        using var inFlight = _metrics.TrackInFlight();
        var startedAt = _time.GetUtcNow();
        var created = startedAt.ToUnixTimeSeconds();
        using var feature = new GatewayRequestFeature(ResponseIds.New(created), created, caller.Snapshot, caller.Key) { StartedAt = startedAt };
        context.Features.Set(feature);
        GatewayError? error = null;
        KeyConcurrencyLimiter.Slot slot = default;
        try
        {
            var concurrencyLimit = ConcurrencyLimit(caller.Key);
            if (!_concurrency.TryEnter(caller.Key, concurrencyLimit, out slot))
            {
                _quotaMetrics.ConcurrencyRejected();
                error = KeyConcurrencyLimiter.Refusal(concurrencyLimit!.Value);
            }
            else
            {
                // Request counts need nothing from the body: checked first, so a key over its rate costs no body read or parse.
                (var admitted, error) = await _quotas.AdmitAsync(context, caller.Key).ConfigureAwait(false);
                error ??= await PrepareAsync(context, feature).ConfigureAwait(false);
                if (error is null)
                {
                    // Token and cost limits need the resolved candidates (for the price) and must pass before anything is sent.
                    (var quota, error) = await _quotas.CheckAsync(context, feature, admitted).ConfigureAwait(false);
                    if (quota is { } ticket)
                    {
                        feature.OnUsageKnown(served => _quotas.Settle(ticket, served));
                    }
                }
            }
            error ??= await TryCandidatesAsync(context, feature).ConfigureAwait(false);
            if (error is not null && !context.Response.HasStarted)
            {
                DecisionHeaders.Write(context.Response, feature);
                await ErrorResponseWriter.WriteAsync(context, error).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                feature.ReportUsageKnown();
                _recorder.Record(context, feature, error);
            }
            catch (Exception ex)
            {
                // Bookkeeping must never turn an answered request into a reset connection.
                GatewayLog.RecordingFailed(_logger, ex, feature.ResponseId);
            }
            // The response has ended (a stream's last byte included): the key's place is free again.
            slot.Dispose();
        }
    }

    /// <summary>The key's own limit, else the gateway's default; null when none applies (or quotas are off).</summary>
    private int? ConcurrencyLimit(Gateway.Policies.Keys.GatewayKey key)
    {
        var options = _quotaOptions.CurrentValue;
        if (!options.Enabled)
        {
            return null;
        }
        return key.MaxConcurrentRequests ?? (options.DefaultMaxConcurrentRequestsPerKey > 0 ? options.DefaultMaxConcurrentRequestsPerKey : null);
    }

    private async ValueTask<GatewayError?> PrepareAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var limits = _limits.CurrentValue;
        feature.RequestBody = new PooledByteBufferWriter(8192);
        var readError = await RequestBodyReader.ReadAsync(context.Request, feature.RequestBody, limits.MaxRequestBodyBytes).ConfigureAwait(false);
        if (readError is not null)
        {
            return readError;
        }

        var parsed = ChatRequest.Parse(feature.RequestBody.WrittenMemory);
        if (parsed.Error is not null)
        {
            return parsed.Error;
        }
        var request = parsed.Request!;
        feature.Request = request;

        if (feature.Key is { } key && !key.MayUse(request.Model))
        {
            return new GatewayError(403, GatewayErrorTypes.Permission, $"This API key may not use the model '{request.Model}'.", "model_not_allowed", "model");
        }
        return _router.Route(context, feature);
    }

    private async ValueTask<GatewayError?> TryCandidatesAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var request = feature.Request!;
        var candidates = feature.Plan!.Candidates;
        GatewayError? lastError = null;
        GatewayError? rejection = null;
        var skipped = 0;
        var sent = 0;
        var retriesOfThis = 0;
        var previousDelay = TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();

        for (var index = 0; index < candidates.Count;)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                break;
            }
            var target = candidates[index];
            var retrying = retriesOfThis > 0;
            if (!TryGetProxyTarget(feature, target, retrying, out var route, out var cluster, out var skipReason))
            {
                skipped++;
                feature.Skip(target, skipReason);
                GatewayLog.CandidateSkipped(_logger, target.Provider.Id, target.Model, skipReason);
                index++;
                retriesOfThis = 0;
                continue;
            }

            var attempt = feature.Begin(CreateAttempt(feature, target, sent + 1));
            var cannotExpress = attempt.Adapter.WriteRequestBody(request, attempt.Upstream, attempt.Body);
            if (cannotExpress is not null)
            {
                attempt.Kind = AttemptOutcomeKind.Rejected;
                attempt.Error = cannotExpress;
                rejection ??= cannotExpress;
                index++;
                retriesOfThis = 0;
                continue;
            }
            var breaker = _resilience.Breakers.Get(target.Provider.Id, target.Model);
            if (!breaker.TryAcquire(out var permit))
            {
                attempt.Kind = AttemptOutcomeKind.Skipped;
                skipped++;
                feature.Skip(target, "its circuit is open");
                GatewayLog.CandidateSkipped(_logger, target.Provider.Id, target.Model, "its circuit is open");
                index++;
                retriesOfThis = 0;
                continue;
            }

            sent++;
            context.ReassignProxyRequest(route!, cluster!);
            if (retrying && cluster!.DestinationsState.AvailableDestinations.Count == 0)
            {
                // A deliberate retry after backoff goes back to this provider even though passive health has
                // taken its destinations out for everyone else; it is bounded by the retry count and time budget.
                // With another destination still in service (another region), that one is tried instead.
                context.GetReverseProxyFeature().AvailableDestinations = cluster.DestinationsState.AllDestinations;
            }
            await _next(context).ConfigureAwait(false);
            _finisher.Finish(context, attempt);
            _resilience.Observe(attempt, breaker, permit);

            if (context.Response.HasStarted || attempt.Kind is AttemptOutcomeKind.Succeeded or AttemptOutcomeKind.ClientAborted)
            {
                return null;
            }

            lastError = attempt.Error;
            GatewayLog.AttemptFailed(_logger, attempt.Number, target.Provider.Id, target.Model, attempt.Error?.StatusCode ?? 0, attempt.Error?.Code);
            if (!attempt.IsRetryable)
            {
                break;
            }
            var next = _resilience.Backoff.Decide(
                new RetryContext(sent, Stopwatch.GetElapsedTime(started), attempt.RetryAfter, retriesOfThis, previousDelay, index + 1 < candidates.Count),
                Random.Shared.NextDouble());
            if (next.Action == RetryAction.Stop)
            {
                break;
            }
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            if (next.Action == RetryAction.NextCandidate)
            {
                index++;
                retriesOfThis = 0;
                continue;
            }
            retriesOfThis++;
            previousDelay = next.Delay;
            await Task.Delay(next.Delay, _time, context.RequestAborted).ConfigureAwait(false);
        }

        if (lastError is not null)
        {
            return lastError;
        }
        if (rejection is not null)
        {
            return rejection;
        }
        return new GatewayError(503, GatewayErrorTypes.Upstream,
            skipped > 0
                ? $"No provider for model '{request.Model}' is available right now (all are unhealthy, cooling down or have open circuits)."
                : $"No provider could serve model '{request.Model}'.",
            "no_available_provider")
        { RetryAfter = TimeSpan.FromSeconds(1) };
    }

    /// <summary>The candidate's YARP route and cluster, unless it must be skipped (and why).</summary>
    private bool TryGetProxyTarget(
        GatewayRequestFeature feature, RouteTarget target, bool retrying, out RouteModel? route, out ClusterState? cluster, out string reason)
    {
        route = null;
        cluster = null;
        var providerId = target.Provider.Id;
        if (feature.Key is { } caller && !caller.Scope.Sees(target.Provider.Scope))
        {
            reason = "the provider belongs to another tenant";
            return false;
        }
        if (!_proxyState.TryGetRoute(ProxyIds.ProviderRoute(providerId), out route)
            || !_proxyState.TryGetCluster(ProxyIds.ProviderCluster(providerId), out cluster))
        {
            reason = "the provider is not loaded";
            return false;
        }
        if (!retrying && cluster.DestinationsState.AvailableDestinations.Count == 0)
        {
            reason = "no healthy destination";
            return false;
        }
        reason = string.Empty;
        return true;
    }

    private AttemptContext CreateAttempt(GatewayRequestFeature feature, RouteTarget target, int number)
    {
        var provider = target.Provider;
        var upstream = new UpstreamTarget
        {
            ProviderId = provider.Id,
            Kind = provider.Kind,
            Model = target.Model,
            ApiKey = provider.ApiKey,
            Settings = provider.Settings,
            DefaultMaxTokens = target.MaxOutputTokens,
        };
        var request = feature.Request!;
        var response = new ResponseContext
        {
            ResponseId = feature.ResponseId,
            Created = feature.Created,
            ProviderId = provider.Id,
            Model = target.Model,
            // OpenRouter sends the usage chunk to clients that ask for usage accounting, stream_options or not.
            IncludeUsage = request.IncludeUsage || request.UsageIncludeRequested,
            UsageCost = request.UsageIncludeRequested ? UsageCostFor(target, feature.StartedAt) : null,
        };
        return new AttemptContext(number, target, _adapters.Get(provider.Kind), upstream, response);
    }

    /// <summary>The cost the client is shown: this target's price valid when the request started (0 when no price is known).</summary>
    private static Func<TokenUsage, decimal> UsageCostFor(RouteTarget target, DateTimeOffset startedAt)
    {
        var price = target.PriceAt(startedAt);
        return usage => price is null ? 0m : CostCalculator.Compute(price, usage.PromptTokens, usage.CompletionTokens, usage.CachedReadTokens, usage.CacheWriteTokens);
    }
}
