using System.Diagnostics;
using Gateway.Policies.Catalog;
using Gateway.Policies.Pricing;
using Gateway.Policies.Routing;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Errors;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Options;
using Gateway.Proxy.Proxy;
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
    private readonly ModelResolver _resolver;
    private readonly ProviderAdapterRegistry _adapters;
    private readonly IProxyStateLookup _proxyState;
    private readonly IOptionsMonitor<GatewayLimitsOptions> _limits;
    private readonly AttemptFinisher _finisher;
    private readonly RequestCompletionRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly ILogger<ChatCompletionsMiddleware> _logger;

    public ChatCompletionsMiddleware(
        RequestDelegate next, ModelResolver resolver, ProviderAdapterRegistry adapters, IProxyStateLookup proxyState,
        IOptionsMonitor<GatewayLimitsOptions> limits, AttemptFinisher finisher, RequestCompletionRecorder recorder,
        TimeProvider time, ILogger<ChatCompletionsMiddleware> logger)
    {
        _next = next;
        _resolver = resolver;
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
        var startedAt = _time.GetUtcNow();
        var created = startedAt.ToUnixTimeSeconds();
        using var feature = new GatewayRequestFeature(ResponseIds.New(created), created, caller.Snapshot, caller.Key) { StartedAt = startedAt };
        context.Features.Set(feature);
        GatewayError? error = null;
        try
        {
            error = await PrepareAsync(context, feature).ConfigureAwait(false)
                ?? await TryCandidatesAsync(context, feature).ConfigureAwait(false);
            if (error is not null)
            {
                // A failed request is recorded too; its id lets the client look it up (/api/v1/generation).
                if (!context.Response.HasStarted)
                {
                    context.Response.Headers["x-request-id"] = feature.ResponseId;
                }
                await ErrorResponseWriter.WriteAsync(context, error).ConfigureAwait(false);
            }
        }
        finally
        {
            _recorder.Record(context, feature, error);
        }
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

        var plan = _resolver.Resolve(feature.Snapshot.Catalog, request.Model, request.FallbackModels, feature.Key?.Scope ?? default, out var unknown);
        if (plan is null)
        {
            return GatewayError.ModelNotFound(unknown!);
        }
        if (feature.Key is { } key && !key.MayUse(request.Model))
        {
            return new GatewayError(403, GatewayErrorTypes.Permission, $"This API key may not use the model '{request.Model}'.", "model_not_allowed", "model");
        }
        feature.Plan = plan;
        return null;
    }

    private async ValueTask<GatewayError?> TryCandidatesAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var request = feature.Request!;
        var maxAttempts = _limits.CurrentValue.MaxAttempts;
        GatewayError? lastError = null;
        GatewayError? rejection = null;
        var skipped = 0;
        var sent = 0;

        foreach (var target in feature.Plan!.Candidates)
        {
            if (sent >= maxAttempts || context.RequestAborted.IsCancellationRequested)
            {
                break;
            }
            var providerId = target.Provider.Id;
            if (feature.Key is { } caller && !caller.Scope.Sees(target.Provider.Scope))
            {
                skipped++;
                feature.Skip(target, "the provider belongs to another tenant");
                GatewayLog.CandidateSkipped(_logger, providerId, target.Model, "the provider belongs to another tenant");
                continue;
            }
            if (!_proxyState.TryGetRoute(ProxyIds.ProviderRoute(providerId), out var route)
                || !_proxyState.TryGetCluster(ProxyIds.ProviderCluster(providerId), out var cluster))
            {
                skipped++;
                feature.Skip(target, "the provider is not loaded");
                GatewayLog.CandidateSkipped(_logger, providerId, target.Model, "the provider is not loaded");
                continue;
            }
            if (cluster.DestinationsState.AvailableDestinations.Count == 0)
            {
                skipped++;
                feature.Skip(target, "no healthy destination");
                GatewayLog.CandidateSkipped(_logger, providerId, target.Model, "no healthy destination");
                continue;
            }

            var attempt = feature.Begin(CreateAttempt(feature, target, sent + 1));
            var cannotExpress = attempt.Adapter.WriteRequestBody(request, attempt.Upstream, attempt.Body);
            if (cannotExpress is not null)
            {
                attempt.Kind = AttemptOutcomeKind.Rejected;
                attempt.Error = cannotExpress;
                rejection ??= cannotExpress;
                continue;
            }

            sent++;
            context.ReassignProxyRequest(route, cluster);
            await _next(context).ConfigureAwait(false);
            _finisher.Finish(context, attempt);

            if (context.Response.HasStarted || attempt.Kind is AttemptOutcomeKind.Succeeded or AttemptOutcomeKind.ClientAborted)
            {
                return null;
            }

            lastError = attempt.Error;
            GatewayLog.AttemptFailed(_logger, attempt.Number, providerId, target.Model, attempt.Error?.StatusCode ?? 0, attempt.Error?.Code);
            if (!attempt.IsRetryable)
            {
                break;
            }
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
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
                ? $"No provider for model '{request.Model}' is available right now (all are unhealthy or cooling down)."
                : $"No provider could serve model '{request.Model}'.",
            "no_available_provider")
        { RetryAfter = TimeSpan.FromSeconds(1) };
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
