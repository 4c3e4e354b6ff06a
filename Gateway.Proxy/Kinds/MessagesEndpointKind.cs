using System.Buffers;
using System.Net.Http.Headers;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Quotas;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Messages;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Providers.Anthropic;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// <c>POST /v1/messages</c>, Anthropic's Messages API as a front door: routed as chat (same models, candidates, quotas,
/// usage rows of kind <c>chat</c>, billed by tokens). An Anthropic target is sent the client's body as it is (only
/// <c>model</c> rewritten) and its answer comes back as Anthropic sent it, with the gateway's id; every other provider
/// kind is sent the request translated to chat (<see cref="MessagesRequest.Chat"/>, written by its adapter) and its
/// answer, whole or streamed, is translated back to Anthropic's format. Errors are in Anthropic's shape
/// (<see cref="MessagesErrors"/>).
/// </summary>
internal sealed class MessagesEndpointKind(ProviderAdapterRegistry adapters, ITokenEstimator estimator) : ChatFamilyEndpointKind(adapters, estimator)
{
    public const string MessagesPath = "/v1/messages";

    public override string Path => MessagesPath;

    public override string RouteId => "gateway-messages";

    public override (int StatusCode, byte[] Body) FormatError(GatewayError error) =>
        (MessagesErrors.StatusOf(error), MessagesErrors.ToUtf8(error));

    /// <summary>
    /// Reads and parses the body here rather than in <see cref="Parse"/>: the client's <c>anthropic-version</c> and
    /// <c>anthropic-beta</c> headers, forwarded to Anthropic targets, are only at hand with the request.
    /// </summary>
    public override async ValueTask<GatewayError?> ReadBodyAsync(HttpContext context, GatewayRequestFeature feature, GatewayLimitsOptions limits)
    {
        var error = await base.ReadBodyAsync(context, feature, limits).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }
        error = Parse(feature, limits);
        if (feature.Parsed is MessagesRequest request)
        {
            var headers = context.Request.Headers;
            request.AnthropicVersion = NonEmpty(headers["anthropic-version"].ToString());
            request.AnthropicBeta = NonEmpty(headers["anthropic-beta"].ToString());
        }
        return error;
    }

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits)
    {
        if (feature.Parsed is not null)
        {
            return null;
        }
        var parsed = MessagesRequest.Parse(feature.RequestBody!.WrittenMemory);
        feature.Parsed = parsed.Request;
        return parsed.Error;
    }

    public override KindRouting Routing(GatewayRequestFeature feature)
    {
        var chat = Request(feature).Chat;
        var features = RequestFeatures.None;
        if (chat.HasTools)
        {
            features |= RequestFeatures.Tools;
        }
        if (chat.HasImages)
        {
            features |= RequestFeatures.Vision;
        }
        return new KindRouting(features, PromptTokens(feature, chat), chat.MaxTokens);
    }

    public override TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options) =>
        QuotaEstimate(feature, Request(feature).Chat.MaxTokens, 1, firstCandidate, options);

    /// <summary>A translated stream needs the chat usage chunk: Anthropic's <c>message_delta</c> carries the usage.</summary>
    public override ResponseContext CreateResponseContext(GatewayRequestFeature feature, RouteTarget target, GatewayLimitsOptions limits) =>
        Context(feature, target, limits, includeUsage: true);

    public override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt)
    {
        var request = Request(feature);
        if (IsAnthropic(attempt))
        {
            AnthropicPassThroughRequestWriter.Write(feature.RequestBody!.WrittenSpan, attempt.Target.Model, attempt.Body);
            return null;
        }
        return request.Untranslatable ?? attempt.Adapter.WriteRequestBody(request.Chat, attempt.Upstream, attempt.Body);
    }

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt)
    {
        var request = Request(feature);
        attempt.Adapter.PrepareRequest(message, destinationPrefix, attempt.Upstream, request.Stream, attempt.Body.WrittenMemory);
        if (IsAnthropic(attempt))
        {
            ForwardAnthropicHeaders(message.Headers, request);
        }
    }

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output)
    {
        if (IsAnthropic(attempt))
        {
            AnthropicPassThroughResponse.Convert(upstreamBody.Span, attempt.Response, attempt.Outcome, output);
            return;
        }
        using var chat = new PooledByteBufferWriter(upstreamBody.Length + 512);
        attempt.Adapter.ConvertResponse(upstreamBody.Span, attempt.Response, attempt.Outcome, chat);
        using var json = new Utf8JsonWriter(output, Transforms.JsonWriting.Options);
        ChatToMessagesConverter.Convert(chat.WrittenSpan, attempt.Response, json);
    }

    public override IStreamTranscoder CreateStreamTranscoder(GatewayRequestFeature feature, AttemptContext attempt) =>
        IsAnthropic(attempt)
            ? new AnthropicPassThroughStreamTranscoder(attempt.Response, attempt.Outcome)
            : new TranslatedMessagesStreamTranscoder(attempt.Adapter.CreateStreamTranscoder(attempt.Response, attempt.Outcome), attempt.Response);

    /// <summary>
    /// The client wrote its body for its <c>anthropic-version</c>, so that one is sent rather than the provider's
    /// configured one; its betas are added to the configured ones.
    /// </summary>
    internal static void ForwardAnthropicHeaders(HttpRequestHeaders headers, MessagesRequest request)
    {
        if (request.AnthropicVersion is { } version)
        {
            headers.Remove("anthropic-version");
            headers.TryAddWithoutValidation("anthropic-version", version);
        }
        if (request.AnthropicBeta is { } beta)
        {
            var configured = headers.TryGetValues("anthropic-beta", out var values) ? string.Join(',', values) : null;
            headers.Remove("anthropic-beta");
            headers.TryAddWithoutValidation("anthropic-beta", string.IsNullOrEmpty(configured) ? beta : configured + "," + beta);
        }
    }

    internal static bool IsAnthropic(AttemptContext attempt) => attempt.Adapter is AnthropicAdapter;

    private static MessagesRequest Request(GatewayRequestFeature feature) => (MessagesRequest)feature.Parsed!;

    private static string? NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
