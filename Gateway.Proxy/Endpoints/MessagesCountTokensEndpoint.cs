using Gateway.Policies.OpenRouter;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Errors;
using Gateway.Proxy.Hosting;
using Gateway.Proxy.Kinds;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Usage;
using Gateway.Transforms;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Messages;
using Gateway.Transforms.Providers;
using Gateway.Transforms.Providers.Anthropic;
using Yarp.ReverseProxy;

namespace Gateway.Proxy.Endpoints;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: the input tokens of a Messages request. When the model's first candidate the
/// caller may use is an Anthropic provider, Anthropic counts (the request forwarded through that provider's pooled
/// client, <c>model</c> rewritten): <c>x-gateway-token-count: exact</c>. Otherwise, or when Anthropic cannot be reached,
/// the gateway's <see cref="ITokenEstimator"/> counts the translated prompt: <c>estimated</c>. Nothing is generated, so
/// no usage row is written and no quota is charged.
/// </summary>
internal static partial class MessagesCountTokensEndpoint
{
    public const string Path = "/v1/messages/count_tokens";

    public const string CountHeader = "x-gateway-token-count";

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, CountAsync);

    private static async Task CountAsync(
        HttpContext context, IOptionsMonitor<GatewayLimitsOptions> limits, IOptionsMonitor<GatewayTimeoutsOptions> timeouts, ITokenEstimator estimator,
        ProviderAdapterRegistry adapters, IProxyStateLookup proxyState, IOptionsMonitor<ServerThreadingOptions> threading, ILoggerFactory loggers)
    {
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        using var body = new PooledByteBufferWriter(8192);
        var error = await RequestBodyReader.ReadAsync(context.Request, body, limits.CurrentValue.MaxRequestBodyBytes).ConfigureAwait(false);
        if (error is not null)
        {
            await ErrorResponseWriter.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }
        await SocketThreads.OffloadIfLargeAsync(body.WrittenCount, threading.CurrentValue.OffloadBodyBytes);
        var parsed = MessagesRequest.Parse(body.WrittenMemory, countTokens: true);
        if (parsed.Error is not null)
        {
            await ErrorResponseWriter.WriteAsync(context, parsed.Error).ConfigureAwait(false);
            return;
        }
        using var request = parsed.Request!;
        request.AnthropicVersion = NonEmpty(context.Request.Headers["anthropic-version"].ToString());
        request.AnthropicBeta = NonEmpty(context.Request.Headers["anthropic-beta"].ToString());
        var key = caller.Key;
        if (!key.MayUse(request.Model))
        {
            await ErrorResponseWriter.WriteAsync(context, new GatewayError(403, GatewayErrorTypes.Permission,
                $"This API key may not use the model '{request.Model}'.", "model_not_allowed", "model")).ConfigureAwait(false);
            return;
        }
        if (!ModelResolver.TryResolveTargets(caller.Snapshot.Catalog, ModelSuffix.Strip(request.Model, out _), key.Scope, out _, out var targets))
        {
            await ErrorResponseWriter.WriteAsync(context, GatewayError.ModelNotFound(request.Model)).ConfigureAwait(false);
            return;
        }
        RouteTarget? target = null;
        foreach (var candidate in targets)
        {
            if (key.Scope.Sees(candidate.Provider.Scope))
            {
                target = candidate;
                break;
            }
        }

        if (target is not null && adapters.Get(target.Provider.Kind) is AnthropicAdapter adapter
            && await TryForwardAsync(context, body.WrittenSpan.ToArray(), request, target, adapter, proxyState, timeouts.CurrentValue, limits.CurrentValue, loggers).ConfigureAwait(false))
        {
            return;
        }
        var tokens = estimator.EstimatePromptTokens(request.Chat, target?.Model);
        context.Response.Headers[CountHeader] = "estimated";
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteNumber("input_tokens"u8, tokens);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks Anthropic. Its count (or its 4xx about the request, already in Anthropic's shape) is the answer; a provider that
    /// cannot be reached or fails (5xx, 429, a refused credential) leaves the answer to the estimate.
    /// </summary>
    private static async Task<bool> TryForwardAsync(
        HttpContext context, byte[] clientBody, MessagesRequest request, RouteTarget target, AnthropicAdapter adapter, IProxyStateLookup proxyState,
        GatewayTimeoutsOptions timeouts, GatewayLimitsOptions limits, ILoggerFactory loggers)
    {
        var providerId = target.Provider.Id;
        if (!proxyState.TryGetCluster(ProxyIds.ProviderCluster(providerId), out var cluster) || cluster.Model.HttpClient is not { } client)
        {
            return false;
        }
        var destinations = cluster.DestinationsState.AvailableDestinations.Count > 0
            ? cluster.DestinationsState.AvailableDestinations
            : cluster.DestinationsState.AllDestinations;
        if (destinations.Count == 0)
        {
            return false;
        }
        var prefix = destinations[0].Model.Config.Address;
        using var upstreamBody = new PooledByteBufferWriter(clientBody.Length + 64);
        AnthropicPassThroughRequestWriter.Write(clientBody, target.Model, upstreamBody, countTokens: true);
        using var message = new HttpRequestMessage(HttpMethod.Post, prefix) { Content = new ReadOnlyMemoryContent(upstreamBody.WrittenMemory) };
        var upstream = new UpstreamTarget
        {
            ProviderId = providerId,
            Kind = target.Provider.Kind,
            Model = target.Model,
            ApiKey = target.Provider.ApiKey,
            Settings = target.Provider.Settings,
            DefaultMaxTokens = target.MaxOutputTokens,
        };
        adapter.PrepareRequest(message, prefix, upstream, stream: false, upstreamBody.WrittenMemory);
        message.RequestUri = new Uri(ProviderUris.Combine(prefix, Path));
        MessagesEndpointKind.ForwardAnthropicHeaders(message.Headers, request);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeouts.UpstreamSeconds));
        var logger = loggers.CreateLogger(typeof(MessagesCountTokensEndpoint));
        try
        {
            using var response = await client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is not (>= 200 and < 300 or 400 or 404 or 413))
            {
                CountFailed(logger, providerId, status);
                return false;
            }
            using var answer = new PooledByteBufferWriter(1024);
            if (!await BoundedContentReader.ReadAsync(response.Content, answer, limits.MaxResponseBodyBytes, timeout.Token).ConfigureAwait(false))
            {
                CountFailed(logger, providerId, status);
                return false;
            }
            context.Response.StatusCode = status;
            context.Response.Headers[CountHeader] = "exact";
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = answer.WrittenCount;
            await context.Response.Body.WriteAsync(answer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested
            && ex is HttpRequestException or OperationCanceledException or IOException or Egress.ProviderEgressRefusedException)
        {
            CountUnreachable(logger, providerId, ex.GetType().Name);
            return false;
        }
    }

    private static string? NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(EventId = Policies.Diagnostics.GatewayEventIds.MessagesCountTokensFailed, Level = LogLevel.Warning,
        Message = "Provider {ProviderId} answered token counting with status {Status}; the gateway's estimate is answered instead")]
    private static partial void CountFailed(ILogger logger, string providerId, int status);

    [LoggerMessage(EventId = Policies.Diagnostics.GatewayEventIds.MessagesCountTokensUnreachable, Level = LogLevel.Warning,
        Message = "Provider {ProviderId} could not be asked to count tokens ({Problem}); the gateway's estimate is answered instead")]
    private static partial void CountUnreachable(ILogger logger, string providerId, string problem);
}
