using System.Diagnostics;
using System.Runtime.CompilerServices;
using Gateway.Policies.Resilience;
using Gateway.Proxy.Routing;
using Yarp.ReverseProxy.Model;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Cache;
using Gateway.Proxy.Errors;
using Gateway.Proxy.Health;
using Gateway.Proxy.Hosting;
using Gateway.Proxy.Kinds;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Quotas;
using Gateway.Proxy.Tracing;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.OpenAI;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy.Pipeline;

/// <summary>
/// The request path of every endpoint kind inside YARP's pipeline (chat completions, embeddings, …; the kind's own
/// parts are its <see cref="EndpointKind"/>, found by the public route that matched): read and validate the body, resolve the model to
/// ordered candidates, then try them in turn. Each attempt is reassigned to the provider's route and cluster
/// (so YARP's load balancing and pooled client apply) and sent through the rest of the pipeline. A failure before
/// the first byte reaches the client moves on to the next candidate. A candidate out of service is skipped; when
/// every one is, the one back soonest is tried anyway (panic), so the client hears the provider's own answer.
/// </summary>
internal sealed class ModelRequestMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RequestRouter _router;
    private readonly AttemptResilience _resilience;
    private readonly CandidateHealthGate _health;
    private readonly HealthStateMetrics _healthMetrics;
    private readonly IOptionsMonitor<PassiveHealthOptions> _healthOptions;
    private readonly ProviderAdapterRegistry _adapters;
    private readonly IProxyStateLookup _proxyState;
    private readonly IOptionsMonitor<ServerThreadingOptions> _threading;
    private readonly IOptionsMonitor<GatewayLimitsOptions> _limits;
    private readonly AttemptFinisher _finisher;
    private readonly RequestCompletionRecorder _recorder;
    private readonly QuotaEnforcer _quotas;
    private readonly KeyConcurrencyLimiter _concurrency;
    private readonly IOptionsMonitor<QuotaOptions> _quotaOptions;
    private readonly QuotaMetrics _quotaMetrics;
    private readonly RequestAccountant _accountant;
    private readonly Func<GatewayRequestFeature, RequestAccount> _settleAccount;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<ModelRequestMiddleware> _logger;
    private readonly DrainDeadline _drain;
    private readonly EndpointKindRegistry _kinds;
    private readonly ResponseCache _cache;
    private readonly IOptionsMonitor<TracingOptions> _tracing;

    public ModelRequestMiddleware(
        RequestDelegate next, RequestRouter router, AttemptResilience resilience, CandidateHealthGate health, HealthStateMetrics healthMetrics,
        IOptionsMonitor<PassiveHealthOptions> healthOptions, ProviderAdapterRegistry adapters, IProxyStateLookup proxyState,
        IOptionsMonitor<GatewayLimitsOptions> limits, AttemptFinisher finisher, RequestCompletionRecorder recorder,
        QuotaEnforcer quotas, KeyConcurrencyLimiter concurrency, IOptionsMonitor<QuotaOptions> quotaOptions, QuotaMetrics quotaMetrics,
        RequestAccountant accountant, TimeProvider time, GatewayMetrics metrics, ILogger<ModelRequestMiddleware> logger, DrainDeadline drain,
        EndpointKindRegistry kinds, ResponseCache cache, IOptionsMonitor<TracingOptions> tracing, IOptionsMonitor<ServerThreadingOptions> threading)
    {
        _threading = threading;
        _tracing = tracing;
        _drain = drain;
        _kinds = kinds;
        _cache = cache;
        _health = health;
        _healthMetrics = healthMetrics;
        _healthOptions = healthOptions;
        _quotaMetrics = quotaMetrics;
        _concurrency = concurrency;
        _quotaOptions = quotaOptions;
        _metrics = metrics;
        _next = next;
        _quotas = quotas;
        _accountant = accountant;
        _settleAccount = accountant.Settle;
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
        var route = context.GetRouteModel().Config;
        if (_kinds.ForRoute(route.RouteId) is not { } kind)
        {
            // The per-provider routes exist only to be reassigned to (an attempt goes on past this middleware); a client
            // that finds one gets a 404. Checked here rather than in a middleware of its own: that cost every request.
            await (route.Metadata?.ContainsKey(ProxyIds.InternalMetadata) == true
                ? ErrorResponseWriter.WriteAsync(context, new GatewayError(404, GatewayErrorTypes.InvalidRequest,
                    $"Invalid URL ({context.Request.Method} {context.Request.Path})", "unknown_url"))
                : _next(context)).ConfigureAwait(false);
            return;
        }
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        using var inFlight = _metrics.TrackInFlight();
        var startedAt = _time.GetUtcNow();
        var created = startedAt.ToUnixTimeSeconds();
        using var feature = new GatewayRequestFeature(kind.NewResponseId(created), created, caller.Snapshot, caller.Key) { StartedAt = startedAt, Kind = kind };
        context.Features.Set(feature);
        // Every line logged for this request carries its id (the JSON log's request_id).
        using var logScope = _logger.BeginScope(new RequestLogScope(feature.ResponseId));
        var span = RequestSpans.Server();
        feature.SettleWith(_settleAccount);
        GatewayError? error = null;
        var cached = false;
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
                (var admitted, error) = await _quotas.AdmitAsync(context, caller.Key, caller.Snapshot.Catalog.Quotas).ConfigureAwait(false);
                RequestSpans.Quota(span, "requests", error);
                error ??= await PrepareAsync(context, feature).ConfigureAwait(false);
                if (error is null)
                {
                    // An alias that caches answers a request it has seen from the cache: no quota reservation, no provider.
                    (cached, error) = await _cache.TryServeAsync(context, feature).ConfigureAwait(false);
                }
                if (error is null && !cached)
                {
                    // Token and cost limits need the resolved candidates (for the price) and must pass before anything is sent.
                    (var quota, error) = await _quotas.CheckAsync(context, feature, admitted).ConfigureAwait(false);
                    RequestSpans.Quota(span, "tokens_and_cost", error);
                    if (quota is { } ticket)
                    {
                        feature.OnUsageKnown(served => _quotas.Settle(ticket, served.Account!));
                    }
                }
            }
            if (!cached)
            {
                error ??= await TryCandidatesAsync(context, feature).ConfigureAwait(false);
            }
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
                if (error is null && !context.Response.HasStarted && context.RequestAborted.IsCancellationRequested && _drain.Passed)
                {
                    // Still unanswered when the drain ended: the server closed the connection, not the client.
                    error = DrainDeadline.AnswerError;
                }
                feature.ReportUsageKnown();
                _recorder.Record(context, feature, error);
                RequestSpans.Complete(span, feature, error, _tracing.CurrentValue.RecordBodies);
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
        var readError = await feature.Kind.ReadBodyAsync(context, feature, limits).ConfigureAwait(false);
        if (readError is not null)
        {
            return readError;
        }
        // Parsing, validating and token counting grow with the body: a large one leaves the socket thread first.
        if (feature.RequestBody is { } body)
        {
            await SocketThreads.OffloadIfLargeAsync(body.WrittenCount, _threading.CurrentValue.OffloadBodyBytes);
        }

        var parseError = feature.Kind.Parse(feature, limits) ?? await feature.Kind.ResolveAsync(context, feature).ConfigureAwait(false);
        if (parseError is not null)
        {
            return parseError;
        }
        var request = feature.Parsed!;

        if (feature.Key is { } key && NotAllowed(key, request) is { } refused)
        {
            return refused;
        }
        var routing = RequestSpans.StartRouting(feature);
        var routed = _router.Route(context, feature);
        RequestSpans.EndRouting(routing, feature, routed);
        return routed;
    }

    /// <summary>
    /// A key's allow-list names the models a client may ask for (aliases or <c>provider/model</c>), so every name the
    /// request can reach is checked: <c>model</c> and each of OpenRouter's <c>models</c> fallbacks.
    /// </summary>
    private static GatewayError? NotAllowed(Policies.Keys.GatewayKey key, IGatewayRequest request)
    {
        if (!key.MayUse(request.Model))
        {
            return new GatewayError(403, GatewayErrorTypes.Permission, $"This API key may not use the model '{request.Model}'.", "model_not_allowed", "model");
        }
        foreach (var fallback in request.FallbackModels)
        {
            if (!key.MayUse(fallback))
            {
                return new GatewayError(403, GatewayErrorTypes.Permission, $"This API key may not use the model '{fallback}' (in models).", "model_not_allowed", "models");
            }
        }
        return null;
    }

    // This and SendAsync wait on the forwarder, so they finish asynchronously on every request: their state machines are
    // pooled rather than boxed anew each time (each is awaited once, by its one caller).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<GatewayError?> TryCandidatesAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var request = feature.Parsed!;
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
            if (context.RequestAborted.IsCancellationRequested || (feature.Attempts.Count > 0 && !feature.Kind.CanResend(feature)))
            {
                // A streamed upload that an attempt has already taken from the client cannot be sent again.
                break;
            }
            var target = candidates[index];
            var retrying = retriesOfThis > 0;
            if (!TryGetProxyTarget(feature, target, out var route, out var cluster, out var skipReason))
            {
                skipped++;
                Skip(feature, target, skipReason, backAt: null);
                index++;
                retriesOfThis = 0;
                continue;
            }

            IReadOnlyList<DestinationState> destinations;
            if (retrying)
            {
                // A deliberate retry after backoff goes back to this provider even if its last failure took something
                // out for everyone else (bounded by the retry count and time budget), to another destination than
                // the one that just failed it when there is one (Envoy's "previous hosts" retry predicate).
                destinations = OtherThanFailed(feature, target, _health.PanicDestinations(target, cluster!));
            }
            else
            {
                var verdict = _health.Check(target, cluster!);
                if (!verdict.InService)
                {
                    skipped++;
                    Skip(feature, target, verdict.Reason!, verdict.BackAt);
                    index++;
                    continue;
                }
                destinations = verdict.Destinations;
            }
            var breaker = _resilience.Breakers.Get(target.Provider.Id, target.Model);
            if (!breaker.TryAcquire(out var permit))
            {
                skipped++;
                Skip(feature, target, breaker.State == CircuitState.Open
                    ? $"circuit open until {HealthTimes.Format(_time.GetUtcNow() + breaker.RetryAfter)}"
                    : "circuit half-open, its probe is in flight", _time.GetUtcNow() + breaker.RetryAfter);
                index++;
                retriesOfThis = 0;
                continue;
            }

            var attempt = await SendAsync(context, feature, target, route!, cluster!, destinations, breaker, permit, sent + 1, panicReason: null).ConfigureAwait(false);
            if (attempt.Kind == AttemptOutcomeKind.Rejected && !context.Response.HasStarted)
            {
                // Refused before sending (the request cannot be expressed for this provider) or at connect (the
                // provider's address is not allowed for it): nothing was sent, so the next candidate is tried.
                rejection ??= attempt.Error;
                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature>(null);
                index++;
                retriesOfThis = 0;
                continue;
            }
            sent++;
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
            if (next.Action == RetryAction.Stop
                || (next.Action == RetryAction.RetrySameCandidate && AttemptResilience.ScopeOf(attempt) is UpstreamFailureScope.Request or UpstreamFailureScope.Credential))
            {
                // Asking the same provider again cannot help when it refused the model or the credential.
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

        if (sent == 0 && !context.RequestAborted.IsCancellationRequested && _healthOptions.CurrentValue.PanicWhenAllOut && feature.Kind.CanResend(feature)
            && await PanicAsync(context, feature, sent + 1).ConfigureAwait(false) is { } panic)
        {
            if (context.Response.HasStarted || panic.Kind is AttemptOutcomeKind.Succeeded or AttemptOutcomeKind.ClientAborted)
            {
                return null;
            }
            if (panic.Kind == AttemptOutcomeKind.Rejected)
            {
                rejection ??= panic.Error;
            }
            else
            {
                // The provider's own answer (a 429 with its Retry-After, a 502/503), not the gateway's 503.
                GatewayLog.AttemptFailed(_logger, panic.Number, panic.Target.Provider.Id, panic.Target.Model, panic.Error?.StatusCode ?? 0, panic.Error?.Code);
                lastError = panic.Error;
            }
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
        { RetryAfter = UntilBack(feature) };
    }

    /// <summary>For the gateway's own 503: how long until the first candidate out of service is expected back (1 s when unknown).</summary>
    private TimeSpan UntilBack(GatewayRequestFeature feature)
    {
        var wait = SoonestBack(feature)?.BackAt is { } back && back != DateTimeOffset.MaxValue ? back - _time.GetUtcNow() : TimeSpan.Zero;
        return wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>One attempt at one candidate: its body, the reassignment to its route and cluster, the forwarder, the bookkeeping.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptContext> SendAsync(
        HttpContext context, GatewayRequestFeature feature, RouteTarget target, RouteModel route, ClusterState cluster, IReadOnlyList<DestinationState> destinations,
        CircuitBreaker breaker, CircuitPermit permit, int number, string? panicReason)
    {
        var attempt = feature.Begin(CreateAttempt(feature, target, number));
        attempt.PanicReason = panicReason;
        var cannotExpress = feature.Kind.WriteRequestBody(feature, attempt);
        if (cannotExpress is not null)
        {
            // The gateway refused to send it: the client's request, nothing learnt about the provider.
            attempt.Kind = AttemptOutcomeKind.Rejected;
            attempt.Error = cannotExpress;
            breaker.Release(permit);
            RequestSpans.Skipped(RequestSpans.Server(), target, cannotExpress.Message);
            return attempt;
        }
        if (target.ParameterMapping is { } mapping)
        {
            // The provider model's own renames, drops, defaults and clamps, on the body the adapter wrote.
            ParameterMappingWriter.Apply(attempt.Body, mapping);
        }
        // Current while YARP forwards, so the HTTP client span is its child; ended once the answer (a stream's last event) is through.
        var span = RequestSpans.StartAttempt(feature, attempt);
        try
        {
            context.ReassignProxyRequest(route, cluster);
            var proxy = context.GetReverseProxyFeature();
            if (!ReferenceEquals(destinations, proxy.AvailableDestinations))
            {
                proxy.AvailableDestinations = destinations;
            }
            await _next(context).ConfigureAwait(false);
            attempt.DestinationId = proxy.ProxiedDestination?.DestinationId;
            _finisher.Finish(context, attempt);
            _resilience.Observe(attempt, breaker, permit);
            return attempt;
        }
        finally
        {
            RequestSpans.EndAttempt(span, attempt);
        }
    }

    /// <summary>
    /// Every candidate is out (cooling down, ejected, circuit open, credential rejected): rather than answer 503
    /// unseen, try the one that comes back soonest (Envoy's panic routing), once. Its answer is the client's.
    /// </summary>
    private async ValueTask<AttemptContext?> PanicAsync(HttpContext context, GatewayRequestFeature feature, int number)
    {
        if (SoonestBack(feature) is not { } soonest || !TryGetProxyTarget(feature, soonest.Target, out var route, out var cluster, out _))
        {
            return null;
        }
        var target = soonest.Target;
        HealthLog.PanicAttempt(_logger, target.Provider.Id, target.Model, soonest.Reason);
        _healthMetrics.PanicAttempt(target.Provider.Id);
        var breaker = _resilience.Breakers.Get(target.Provider.Id, target.Model);
        var permit = breaker.TryAcquire(out var granted) ? granted : CircuitPermit.Bypass;
        return await SendAsync(context, feature, target, route!, cluster!, _health.PanicDestinations(target, cluster!), breaker, permit, number, soonest.Reason)
            .ConfigureAwait(false);
    }

    /// <summary>The destinations this request has not already failed at for this candidate; all of them if it failed at every one.</summary>
    private static IReadOnlyList<DestinationState> OtherThanFailed(GatewayRequestFeature feature, RouteTarget target, IReadOnlyList<DestinationState> destinations)
    {
        List<DestinationState>? others = null;
        foreach (var destination in destinations)
        {
            if (!FailedAt(feature, target, destination.DestinationId))
            {
                (others ??= new List<DestinationState>(destinations.Count)).Add(destination);
            }
        }
        return others is null || others.Count == destinations.Count ? destinations : others;
    }

    private static bool FailedAt(GatewayRequestFeature feature, RouteTarget target, string destinationId)
    {
        foreach (var attempt in feature.Attempts)
        {
            if (ReferenceEquals(attempt.Target, target) && attempt.Kind != AttemptOutcomeKind.Succeeded
                && string.Equals(attempt.DestinationId, destinationId, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The out-of-service candidate expected back first (the first of them on a tie); null when none was out of service.</summary>
    private static SkippedCandidate? SoonestBack(GatewayRequestFeature feature)
    {
        SkippedCandidate? soonest = null;
        foreach (var skip in feature.Skipped)
        {
            if (skip.OutOfService && (soonest is null || skip.BackAt < soonest.BackAt))
            {
                soonest = skip;
            }
        }
        return soonest;
    }

    private void Skip(GatewayRequestFeature feature, RouteTarget target, string reason, DateTimeOffset? backAt)
    {
        feature.Skip(target, reason, backAt);
        GatewayLog.CandidateSkipped(_logger, target.Provider.Id, target.Model, reason);
        RequestSpans.Skipped(RequestSpans.Server(), target, reason);
    }

    /// <summary>The candidate's YARP route and cluster, unless it must be skipped whatever its health (and why).</summary>
    private bool TryGetProxyTarget(
        GatewayRequestFeature feature, RouteTarget target, out RouteModel? route, out ClusterState? cluster, out string reason)
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
        var response = feature.Kind.CreateResponseContext(feature, target, _limits.CurrentValue);
        return new AttemptContext(number, target, _adapters.Get(provider.Kind), upstream, response);
    }
}
