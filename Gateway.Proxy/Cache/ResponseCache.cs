using Gateway.Proxy.Kinds;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Routing;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Cache;

/// <summary>
/// The exact-match response cache of aliases that opt in (<c>Cache</c>): before a request's quotas and candidates,
/// <see cref="TryServeAsync"/> looks it up — memory first, then the database tier — and serves a hit in the form asked
/// for; when a provider's answer is complete, <see cref="Store"/> keeps it in both tiers (called through
/// <see cref="ResponseCacheRequest"/> by the answer's conversion). Chat completions
/// and embeddings are cached; a hit costs nothing and asks no provider.
/// </summary>
internal sealed class ResponseCache(
    MemoryCacheTier memory, DatabaseCacheTier database, IOptionsMonitor<ResponseCacheOptions> options, ResponseCacheMetrics metrics, KnownTargets known,
    [FromKeyedServices(ResponseCacheClock.ServiceKey)] TimeProvider time, ILogger<ResponseCache> logger)
{
    private static readonly Func<object, Task> WriteStatusHeader = static state =>
    {
        var (response, request) = ((HttpResponse, ResponseCacheRequest))state;
        response.Headers[ResponseCacheStatus.Header] = request.Status;
        return Task.CompletedTask;
    };

    private readonly MemoryCacheTier _memory = memory;
    private readonly DatabaseCacheTier _database = database;
    private readonly IOptionsMonitor<ResponseCacheOptions> _options = options;
    private readonly ResponseCacheMetrics _metrics = metrics;
    private readonly KnownTargets _known = known;
    private readonly TimeProvider _time = time;
    private readonly ILogger<ResponseCache> _logger = logger;

    /// <summary>
    /// For a routed request: whether its alias caches it and how (<see cref="GatewayRequestFeature.Cache"/>); on a hit,
    /// the answer is written and <c>Served</c> is true. A bad cache header is a 400.
    /// </summary>
    public async ValueTask<(bool Served, GatewayError? Error)> TryServeAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var options = _options.CurrentValue;
        if (!options.Enabled || !IsCached(feature.Kind) || feature.Plan is not { } plan || feature.Parsed is not { } request
            || !feature.Snapshot.Catalog.TryGetRoute(plan.RequestedModel, feature.Key?.Scope ?? default, out var route) || route?.Cache is not { } policy)
        {
            return (false, null);
        }
        var (directives, error) = ResponseCacheDirectives.Read(context.Request.Headers);
        if (error is not null)
        {
            return (false, error);
        }
        var state = new ResponseCacheRequest(this)
        {
            Alias = MetricLabels.RequestedModel(feature, null, _known),
            MaxEntryBytes = options.MaxEntryBytes,
            StreamCaptureLimit = options.MaxStreamCaptureBytes + 1,
        };
        feature.Cache = state;
        context.Response.OnStarting(WriteStatusHeader, (context.Response, state));

        var samples = feature.Kind.Kind == Policies.Routing.RequestKinds.Chat && !IsDeterministic(request.Root);
        if ((samples && !policy.CacheNonDeterministic) || !(directives.Lookup || directives.Store))
        {
            _metrics.Bypass(state.Alias);
            return (false, null);
        }
        state.Key = ResponseCacheKey.Compute(feature.Kind.Name, feature.Key?.Scope ?? default, request.Root);
        state.Store = directives.Store;
        state.Ttl = TimeSpan.FromSeconds(directives.TtlSeconds is { } asked ? Math.Min(asked, policy.TtlSeconds) : policy.TtlSeconds);
        if (!directives.Lookup)
        {
            _metrics.Bypass(state.Alias);
            return (false, null);
        }

        var tier = ResponseCacheMetrics.Memory;
        var entry = _memory.Get(state.Key);
        if (entry is null && _database.Configured)
        {
            tier = ResponseCacheMetrics.Database;
            entry = await _database.GetAsync(state.Key, context.RequestAborted).ConfigureAwait(false);
            if (entry is not null && entry.Kind == feature.Kind.Name)
            {
                // The next request on this replica needs no round trip.
                _memory.Set(state.Key, entry);
            }
        }
        // Set before serving: the status header is written as the response starts.
        state.Status = ResponseCacheStatus.Hit;
        state.Hit = entry;
        if (entry is null || entry.Kind != feature.Kind.Name || !await ServeAsync(context, feature, entry).ConfigureAwait(false))
        {
            state.Status = ResponseCacheStatus.Miss;
            state.Hit = null;
            _metrics.Miss(state.Alias);
            return (false, null);
        }
        _metrics.Hit(tier, state.Alias);
        return (true, null);
    }

    /// <summary>
    /// Stores an answer that is complete: the served attempt a success (a 2xx converted without fault), a stream ended by
    /// the provider without an error, a finish reason that is not an error. <paramref name="answer"/> is a whole answer;
    /// a stream's is assembled from its capture.
    /// </summary>
    internal void Store(GatewayRequestFeature feature, ResponseCacheRequest state, AttemptContext served, byte[]? answer, bool stream)
    {
        if (state.Key is not { } key || state.Hit is not null || served.Kind != AttemptOutcomeKind.Succeeded)
        {
            return;
        }
        var outcome = served.Outcome;
        var chat = feature.Kind.Kind == Policies.Routing.RequestKinds.Chat;
        if (outcome.StreamError is not null || (chat && outcome.FinishReason is null or "error"))
        {
            NotStored(feature, "not a complete answer");
            return;
        }
        if (stream)
        {
            if (!outcome.StreamEnded || feature.ResponseCapture is not { } capture)
            {
                NotStored(feature, "the stream did not end");
                return;
            }
            if (capture.WrittenCount >= state.StreamCaptureLimit)
            {
                NotStored(feature, "the stream is longer than MaxStreamCaptureBytes");
                return;
            }
            answer = ChatStreamAssembler.Assemble(capture.WrittenSpan, outcome.Usage);
            if (answer is null)
            {
                NotStored(feature, "the stream has parts the cache does not replay");
                return;
            }
        }
        if (answer is null || answer.Length > state.MaxEntryBytes)
        {
            NotStored(feature, "the answer is larger than MaxEntryBytes");
            return;
        }
        var entry = new ResponseCacheEntry
        {
            Answer = answer,
            Kind = feature.Kind.Name,
            ProviderId = served.Target.Provider.Id,
            ServedModel = outcome.ProviderModel ?? served.Target.Model,
            FinishReason = outcome.FinishReason,
            Cost = feature.Account?.Cost ?? 0m,
            ExpiresAt = _time.GetUtcNow() + state.Ttl,
        };
        if (_memory.Set(key, entry))
        {
            _metrics.Stored(ResponseCacheMetrics.Memory, state.Alias);
        }
        _database.Enqueue(key, entry, state.Alias);
    }

    private static bool IsCached(EndpointKind kind) => kind.Kind is Policies.Routing.RequestKinds.Chat or Policies.Routing.RequestKinds.Embeddings;

    /// <summary>Greedy decoding only: <c>temperature</c> 0. Absent, it is OpenAI's default of 1.</summary>
    private static bool IsDeterministic(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("temperature"u8, out var temperature)
        && temperature.ValueKind == JsonValueKind.Number && temperature.GetDouble() == 0;

    private async ValueTask<bool> ServeAsync(HttpContext context, GatewayRequestFeature feature, ResponseCacheEntry entry)
    {
        var chat = feature.Request;
        var stream = chat is { Stream: true };
        using var body = new PooledByteBufferWriter(entry.Answer.Length + (stream ? 2048 : 256));
        try
        {
            using var answer = JsonDocument.Parse(entry.Answer);
            if (stream)
            {
                CachedAnswerWriter.WriteStream(answer.RootElement, feature.ResponseId, feature.Created,
                    includeUsage: chat!.IncludeUsage || chat.UsageIncludeRequested, withCost: chat.UsageIncludeRequested, body);
            }
            else
            {
                CachedAnswerWriter.WriteWhole(answer.RootElement, feature.ResponseId, feature.Created, withCost: chat?.UsageIncludeRequested ?? false, body);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            ResponseCacheLog.UnreadableEntry(_logger, ex.GetType().Name);
            return false;
        }

        var response = context.Response;
        DecisionHeaders.Write(response, feature);
        response.Headers["x-gateway-provider"] = entry.ProviderId is { } provider ? DecisionHeaders.Safe(provider) : "cache";
        if (entry.ServedModel is { } model)
        {
            response.Headers["x-gateway-model"] = DecisionHeaders.Safe(model);
        }
        response.StatusCode = StatusCodes.Status200OK;
        if (stream)
        {
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers["X-Accel-Buffering"] = "no";
        }
        else
        {
            response.ContentType = "application/json";
            response.ContentLength = body.WrittenCount;
        }
        try
        {
            await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left: recorded as such; nothing else to do.
        }
        return true;
    }

    private void NotStored(GatewayRequestFeature feature, string reason) => ResponseCacheLog.NotStored(_logger, feature.ResponseId, reason);
}
