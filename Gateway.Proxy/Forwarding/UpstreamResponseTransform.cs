using System.Diagnostics;
using Gateway.Proxy.Egress;
using Gateway.Proxy.Hosting;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Routing;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Streaming;
using Gateway.Transforms.Usage;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// Turns the provider's answer into OpenAI's. Errors are recorded on the attempt and their body suppressed, so
/// nothing reaches the client and the failover loop can try the next provider. A whole answer is converted in
/// pooled memory; a stream is handed to YARP's copier as a transcoding content, converted event by event.
/// </summary>
internal sealed class UpstreamResponseTransform : ResponseTransform
{
    private readonly IOptionsMonitor<GatewayLimitsOptions> _limits;
    private readonly IOptionsMonitor<GatewayTimeoutsOptions> _timeouts;
    private readonly IOptionsMonitor<ResilienceOptions> _resilience;
    private readonly IOptionsMonitor<UsageOptions> _usage;
    private readonly IOptionsMonitor<ServerThreadingOptions> _threading;
    private readonly TimeProvider _time;
    private readonly DrainDeadline _drain;
    private readonly ILogger _logger;

    public UpstreamResponseTransform(
        IOptionsMonitor<GatewayLimitsOptions> limits, IOptionsMonitor<GatewayTimeoutsOptions> timeouts, IOptionsMonitor<ResilienceOptions> resilience,
        IOptionsMonitor<UsageOptions> usage, IOptionsMonitor<ServerThreadingOptions> threading, TimeProvider time, DrainDeadline drain, ILogger logger)
    {
        _threading = threading;
        _drain = drain;
        _resilience = resilience;
        _limits = limits;
        _timeouts = timeouts;
        _usage = usage;
        _time = time;
        _logger = logger;
    }

    public override async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.HttpContext.Features.GetRequiredFeature<GatewayRequestFeature>();
        var attempt = feature.Current ?? throw new InvalidOperationException("No attempt is in progress.");
        attempt.HeadersTimestamp = Stopwatch.GetTimestamp();

        var upstream = context.ProxyResponse;
        if (upstream is null)
        {
            if (ProviderEgressRefusedException.IsIn(context.HttpContext.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>()?.Exception))
            {
                // The gateway itself would not connect: nothing was sent, and it says nothing about the provider's health.
                attempt.Kind = AttemptOutcomeKind.Rejected;
                attempt.Error = new GatewayError(502, GatewayErrorTypes.Upstream,
                    $"Provider '{attempt.Target.Provider.Id}' is configured with an address the gateway does not connect to for it (not a public address, or plain http).",
                    "provider_address_not_allowed");
                return;
            }
            // Transport failure: the forwarder has set 502/504 and its error feature; the failover loop reads them.
            attempt.Kind = AttemptOutcomeKind.TransportError;
            return;
        }

        var status = (int)upstream.StatusCode;
        attempt.UpstreamStatus = status;
        var limits = _limits.CurrentValue;
        if (status is < 200 or >= 300)
        {
            await RecordUpstreamErrorAsync(context, attempt, upstream, status, limits).ConfigureAwait(false);
            return;
        }

        var response = context.HttpContext.Response;
        WriteGatewayHeaders(response, feature, attempt);
        if (feature.Kind.RelaysAnswer)
        {
            Relay(feature, attempt, upstream, response);
            return;
        }
        if (feature.Parsed!.Stream)
        {
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            response.ContentLength = null;
            var transcoder = feature.Kind.CreateStreamTranscoder(feature, attempt);
            var providerId = attempt.Target.Provider.Id;
            var stream = new TranscodingStream(
                await upstream.Content.ReadAsStreamAsync(context.CancellationToken).ConfigureAwait(false), transcoder,
                TimeSpan.FromSeconds(_timeouts.CurrentValue.StreamIdleSeconds), kind => OnStreamFailure(providerId, feature.ResponseId, kind),
                stop: _drain.Token);
            if (_resilience.CurrentValue.HoldFirstStreamEvent)
            {
                // Nothing has reached the client yet: a provider that answers 200 and then errors at once can still
                // be failed over, if its error comes before any generated text.
                await stream.PrimeAsync(context.CancellationToken).ConfigureAwait(false);
                // A stream the drain deadline ended is no provider's failure: it goes to the client as it is.
                if (attempt.Outcome.StreamError is { } early && attempt.Outcome.FirstTokenTimestamp == 0 && stream.Failure != StreamFailureKind.Stopped)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    if (IsMalformed(early))
                    {
                        FailMalformed(context, attempt, early, early.Message);
                        return;
                    }
                    FailBeforeCommit(context, attempt, early);
                    return;
                }
            }
            // One capture serves both: stored bodies (cut at their limit when recorded) and the response cache's entry.
            var storeBodies = feature.Key is { StoreBodies: true };
            var cacheCapture = feature.Cache is { Store: true } cache ? cache.StreamCaptureLimit : 0;
            if (storeBodies || cacheCapture > 0)
            {
                feature.ResponseCapture?.Dispose();
                feature.ResponseCapture = new PooledByteBufferWriter(4096);
                stream.CaptureTo(feature.ResponseCapture, Math.Max(storeBodies ? _usage.CurrentValue.MaxStoredBodyBytes : 0, cacheCapture));
            }
            if (cacheCapture > 0)
            {
                stream.OnDrained(() => feature.Cache!.StreamDrained(feature, attempt));
            }
            stream.OnEnded(() =>
            {
                // An event the gateway could not read (or too large to hold) ended the stream: the provider's fault,
                // counted like a malformed whole answer, though the client has the start of the answer already.
                if (IsMalformed(attempt.Outcome.StreamError))
                {
                    GatewayLog.UpstreamMalformed(_logger, providerId, attempt.Outcome.StreamError!.Message);
                    attempt.Kind = AttemptOutcomeKind.MalformedAnswer;
                }
                feature.ReportUsageKnown();
            });
            upstream.Content = new TranscodingContent(upstream.Content, stream);
            // Events the provider sent together leave in one send, flushed when its stream would make the copy wait.
            var features = context.HttpContext.Features;
            var threading = _threading.CurrentValue;
            var body = new CoalescingResponseBody(features.GetRequiredFeature<IHttpResponseBodyFeature>(), threading.StreamFlushBytes);
            features.Set<IHttpResponseBodyFeature>(body);
            stream.FlushBeforeWaiting(body.FlushPendingAsync);
            if (threading.InlineRequestScheduling)
            {
                // Sent from the socket thread at once, each stream's end woke its client alone; from the pool, the ends of
                // streams that finished together are sent together, as Kestrel's I/O queue did (bench/README.md,
                // "sixteenth round": ~10 % a stream at saturation).
                stream.BeforeEnding(SocketThreads.LeaveSocketThreadAsync);
            }
            attempt.Kind = AttemptOutcomeKind.Succeeded;
            return;
        }

        await ConvertWholeAnswerAsync(context, feature, attempt, upstream, response, limits).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets YARP copy the provider's answer to the client as it arrives (response buffering is off), with its content
    /// type and length. What it bills is known from the request, so the account is settled at once.
    /// </summary>
    private static void Relay(GatewayRequestFeature feature, AttemptContext attempt, HttpResponseMessage upstream, HttpResponse response)
    {
        var headers = upstream.Content.Headers;
        response.ContentType = headers.ContentType?.ToString() ?? "application/octet-stream";
        response.ContentLength = headers.ContentLength;
        feature.Kind.AnswerRelayed(feature, attempt);
        attempt.Outcome.MarkFirstToken();
        attempt.Kind = AttemptOutcomeKind.Succeeded;
        feature.ReportUsageKnown();
    }

    private async ValueTask RecordUpstreamErrorAsync(ResponseTransformContext context, AttemptContext attempt, HttpResponseMessage upstream, int status, GatewayLimitsOptions limits)
    {
        attempt.Kind = AttemptOutcomeKind.UpstreamError;
        attempt.RetryAfter = RetryAfterParser.Parse(upstream.Headers, _time.GetUtcNow());
        context.SuppressResponseBody = true;

        using var body = new PooledByteBufferWriter(4096);
        try
        {
            await BoundedContentReader.ReadAsync(upstream.Content, body, limits.MaxErrorBodyBytes, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            // The status says enough; a body that breaks off only loses the provider's message.
        }
        var span = body.WrittenSpan;
        span = span.Length > limits.MaxErrorBodyBytes ? span[..limits.MaxErrorBodyBytes] : span;
        // An error body that is not UTF-8 carries no message the gateway could pass on; the status still maps.
        var detail = System.Text.Unicode.Utf8.IsValid(span) ? attempt.Adapter.ReadError(span) : default;
        // The provider's Retry-After header wins; a delay in the body (Gemini's retryDelay) stands in for a missing one.
        attempt.RetryAfter ??= detail.RetryAfter;
        // What the answer is about is the provider's own convention (a Gemini key is refused with a 400, an OpenAI
        // model the project may not use with a 403): its adapter decides, so a client's request never counts against it.
        attempt.FailureScope = attempt.Adapter.ClassifyError(status, upstream.Headers, detail);
        attempt.CredentialRejected = attempt.FailureScope == UpstreamFailureScope.Credential;
        attempt.Error = UpstreamErrorMapper.Map(status, detail, attempt.Target.Provider.Id, attempt.RetryAfter, attempt.Upstream.ApiKey);
    }

    private async ValueTask ConvertWholeAnswerAsync(
        ResponseTransformContext context, GatewayRequestFeature feature, AttemptContext attempt, HttpResponseMessage upstream, HttpResponse response, GatewayLimitsOptions limits)
    {
        var providerId = attempt.Target.Provider.Id;
        using var raw = new PooledByteBufferWriter(16384);
        bool complete;
        try
        {
            complete = await BoundedContentReader.ReadAsync(upstream.Content, raw, limits.MaxResponseBodyBytes, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            FailMalformed(context, attempt, $"Provider '{providerId}' broke off its answer.", ex.Message);
            return;
        }
        if (!complete)
        {
            FailMalformed(context, attempt, $"Provider '{providerId}' sent an answer larger than {limits.MaxResponseBodyBytes} bytes.", "answer too large");
            return;
        }

        // Checking and converting grow with the answer: a large one leaves the socket thread it arrived on first.
        await SocketThreads.OffloadIfLargeAsync(raw.WrittenCount, _threading.CurrentValue.OffloadBodyBytes);
        if (!System.Text.Unicode.Utf8.IsValid(raw.WrittenSpan))
        {
            FailMalformed(context, attempt, $"Provider '{providerId}' sent an answer that is not valid UTF-8.", "invalid UTF-8");
            return;
        }
        var converted = new PooledByteBufferWriter(raw.WrittenCount + 512);
        attempt.AnswerContentType = feature.Kind.AnswerContentType(upstream.Content.Headers);
        try
        {
            feature.Kind.ConvertResponse(raw.WrittenMemory, upstream.Headers, feature, attempt, converted);
        }
        catch (UpstreamFormatException ex)
        {
            converted.Dispose();
            FailMalformed(context, attempt, $"Provider '{providerId}' sent an answer the gateway could not read.", ex.Message);
            return;
        }

        var cacheAnswer = feature.Cache?.CopyWholeAnswer(converted.WrittenSpan);
        if (attempt.Response.UsageCost is { } cost && attempt.Outcome.Usage is { } usage)
        {
            converted = WithCost(converted, cost(usage));
        }
        if (feature.Key is { StoreBodies: true })
        {
            var capture = new PooledByteBufferWriter(Math.Min(converted.WrittenCount, _usage.CurrentValue.MaxStoredBodyBytes) + 1);
            capture.Write(converted.WrittenSpan[..Math.Min(converted.WrittenCount, _usage.CurrentValue.MaxStoredBodyBytes)]);
            feature.ResponseCapture?.Dispose();
            feature.ResponseCapture = capture;
        }

        attempt.Outcome.MarkFirstToken();
        attempt.Kind = AttemptOutcomeKind.Succeeded;
        feature.ReportUsageKnown();
        feature.Cache?.WholeAnswerConverted(feature, attempt, cacheAnswer);
        response.ContentType = attempt.AnswerContentType ?? "application/json";
        response.ContentLength = converted.WrittenCount;
        upstream.Content.Dispose();
        upstream.Content = new PooledContent(converted);
        attempt.Kind = AttemptOutcomeKind.Succeeded;
    }

    private static void FailBeforeCommit(ResponseTransformContext context, AttemptContext attempt, GatewayError error)
    {
        attempt.Kind = AttemptOutcomeKind.UpstreamError;
        attempt.UpstreamStatus = error.StatusCode;
        attempt.FailureScope = UpstreamFailureClassifier.ByStatus(error.StatusCode, credentialRejected: false);
        attempt.Error = error;
        context.SuppressResponseBody = true;
        context.HttpContext.Response.Headers.Remove("x-gateway-provider");
        context.HttpContext.Response.Headers.Remove("x-gateway-model");
    }

    /// <summary>The answer with OpenRouter's <c>usage.cost</c> added (the client asked for usage accounting).</summary>
    private static PooledByteBufferWriter WithCost(PooledByteBufferWriter converted, decimal cost)
    {
        var withCost = new PooledByteBufferWriter(converted.WrittenCount + 64);
        if (!UsageCostInjector.TryInject(converted.WrittenSpan, cost, withCost))
        {
            withCost.Dispose();
            return converted;
        }
        converted.Dispose();
        return withCost;
    }

    private static bool IsMalformed(GatewayError? streamError) => streamError?.Code == GatewayError.UpstreamBadResponseCode;

    private void FailMalformed(ResponseTransformContext context, AttemptContext attempt, string message, string problem) =>
        FailMalformed(context, attempt, new GatewayError(502, GatewayErrorTypes.Upstream, message, GatewayError.UpstreamBadResponseCode), problem);

    private void FailMalformed(ResponseTransformContext context, AttemptContext attempt, GatewayError error, string problem)
    {
        GatewayLog.UpstreamMalformed(_logger, attempt.Target.Provider.Id, problem);
        attempt.Kind = AttemptOutcomeKind.MalformedAnswer;
        attempt.Error = error;
        context.SuppressResponseBody = true;
        var response = context.HttpContext.Response;
        response.Headers.Remove("x-gateway-provider");
        response.Headers.Remove("x-gateway-model");
        response.Headers.Remove("x-gateway-attempts");
    }

    private GatewayError OnStreamFailure(string providerId, string responseId, StreamFailureKind kind)
    {
        if (kind == StreamFailureKind.Stopped)
        {
            ShutdownLog.StreamEnded(_logger, responseId, providerId);
            return _drain.EndStream();
        }
        GatewayLog.StreamFailed(_logger, providerId, kind.ToString(), responseId);
        return kind == StreamFailureKind.IdleTimeout
            ? new GatewayError(504, GatewayErrorTypes.Timeout, $"Provider '{providerId}' stopped sending mid-stream.", "upstream_timeout")
            : new GatewayError(502, GatewayErrorTypes.Upstream, $"The connection to provider '{providerId}' broke mid-stream.", "upstream_stream_broken");
    }

    private static void WriteGatewayHeaders(HttpResponse response, GatewayRequestFeature feature, AttemptContext attempt)
    {
        // DecisionHeaders writes x-gateway-attempts: the attempts sent so far, this one included (this attempt's number).
        DecisionHeaders.Write(response, feature);
        var headers = response.Headers;
        headers["x-gateway-provider"] = attempt.Target.Provider.Id;
        headers["x-gateway-model"] = DecisionHeaders.Safe(attempt.Target.Model);
    }
}
