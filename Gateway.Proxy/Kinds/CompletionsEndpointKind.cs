using System.Buffers;
using System.Collections.Frozen;
using System.Net.Http.Headers;
using Gateway.Policies.Pricing;
using Gateway.Policies.Quotas;
using Gateway.Policies.Tokens;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Quotas;
using Gateway.Proxy.Usage;
using Gateway.Transforms;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Completions;
using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// <c>POST /v1/completions</c> (legacy text completions), billed by tokens. A target whose model declares
/// <c>completions</c> at a provider kind with its own completions API (<see cref="CompletionsAdapters"/>: OpenAI, vLLM,
/// Together, Fireworks, DeepSeek's FIM, Ollama) gets the request passed through; every other target — a chat model,
/// or a provider that only chats — gets the prompt as one user message through its chat adapter, and the answer back
/// as <c>text_completion</c> objects, streamed or whole. What a target cannot honour (<c>echo</c>, <c>logprobs</c>,
/// <c>suffix</c>, …) is refused with a 400 naming the field, after the other candidates were tried.
/// </summary>
internal sealed class CompletionsEndpointKind : EndpointKind
{
    private readonly FrozenDictionary<string, ICompletionsAdapter> _native = CompletionsAdapters.Create();
    private readonly ProviderAdapterRegistry _adapters;
    private readonly ITokenEstimator _estimator;
    private readonly bool _useTokenizers;
    private readonly ILogger<CompletionsEndpointKind> _logger;

    public CompletionsEndpointKind(ProviderAdapterRegistry adapters, ITokenEstimator estimator, IOptions<TokenCountingOptions> tokenCounting, ILogger<CompletionsEndpointKind> logger)
    {
        ArgumentNullException.ThrowIfNull(tokenCounting);
        _adapters = adapters;
        _estimator = estimator;
        _useTokenizers = tokenCounting.Value.UseTokenizers;
        _logger = logger;
    }

    public override RequestKinds Kind => RequestKinds.Completions;

    public override string Path => "/v1/completions";

    public override UsageUnit Unit => UsageUnit.Tokens;

    public override long MaxBodyBytes(GatewayLimitsOptions limits) => limits.MaxCompletionsBodyBytes;

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits) =>
        Keep(feature, CompletionsRequest.Parse(Body(feature), limits.MaxFallbackModels));

    public override KindRouting Routing(GatewayRequestFeature feature)
    {
        var request = Request(feature);
        return new KindRouting(request.N > 1 ? RequestFeatures.MultipleChoices : RequestFeatures.None, CountPrompt(feature, request), request.MaxTokens);
    }

    public override TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options)
    {
        var request = Request(feature);
        return TokenEstimate.Estimate(_estimator.EstimateTokens(feature.RequestBody?.WrittenCount ?? 0), request.MaxTokens,
            request.N * Math.Max(1, request.Texts.Count), firstCandidate?.ContextWindow, options.DefaultCompletionTokens);
    }

    /// <summary>Every provider kind: those without a completions API answer through chat.</summary>
    public override bool IsServedBy(string providerKind) => _adapters.Kinds.ContainsKey(providerKind);

    public override ResponseContext CreateResponseContext(GatewayRequestFeature feature, RouteTarget target, GatewayLimitsOptions limits) =>
        Context(feature, target, limits, Request(feature).IncludeUsage);

    public override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt)
    {
        var request = Request(feature);
        if (Native(attempt.Target) is { } native)
        {
            return native.WriteRequestBody(request, attempt.Upstream, attempt.Body);
        }
        var providerKind = attempt.Target.Provider.Kind;
        var refused = CompletionsChatLimits.Check(request, providerKind);
        if (refused is not null)
        {
            return refused;
        }
        var chat = request.AsChat(ChatRequest.DefaultMaxFallbackModels);
        if (chat.Error is not null)
        {
            return chat.Error;
        }
        GatewayLog.CompletionThroughChat(_logger, attempt.Target.Provider.Id, attempt.Target.Model);
        return attempt.Adapter.WriteRequestBody(chat.Request!, attempt.Upstream, attempt.Body);
    }

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt)
    {
        var stream = Request(feature).Stream;
        if (Native(attempt.Target) is { } native)
        {
            native.PrepareRequest(message, destinationPrefix, attempt.Upstream, stream);
            return;
        }
        attempt.Adapter.PrepareRequest(message, destinationPrefix, attempt.Upstream, stream, attempt.Body.WrittenMemory);
    }

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output)
    {
        if (Native(attempt.Target) is { } native)
        {
            native.ConvertResponse(upstreamBody.Span, attempt.Response, attempt.Outcome, output);
            return;
        }
        using var chat = new PooledByteBufferWriter(upstreamBody.Length + 512);
        attempt.Adapter.ConvertResponse(upstreamBody.Span, attempt.Response, attempt.Outcome, chat);
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        TextCompletionRewriter.Rewrite(chat.WrittenSpan, json, chunk: false);
    }

    public override IStreamTranscoder CreateStreamTranscoder(GatewayRequestFeature feature, AttemptContext attempt) =>
        Native(attempt.Target) is { } native
            ? native.CreateStreamTranscoder(attempt.Response, attempt.Outcome)
            : new TextCompletionStreamTranscoder(attempt.Adapter.CreateStreamTranscoder(attempt.Response, attempt.Outcome), attempt.Response);

    /// <summary>
    /// The provider's own completions API, used for a model that declares <c>completions</c> (an instruct or base model,
    /// or a <c>provider/model</c> the catalog does not know); null for a chat model or a provider that only chats.
    /// </summary>
    private ICompletionsAdapter? Native(RouteTarget target) =>
        target.Kinds is { } declared && (declared & RequestKinds.Completions) != 0 && _native.TryGetValue(target.Provider.Kind, out var adapter)
            ? adapter
            : null;

    private static CompletionsRequest Request(GatewayRequestFeature feature) => (CompletionsRequest)feature.Parsed!;

    /// <summary>The prompt's tokens: token ids exactly; text with the first candidate's tokenizer where it is an OpenAI one (and tokenizers are on), else the estimate.</summary>
    private int CountPrompt(GatewayRequestFeature feature, CompletionsRequest request)
    {
        if (request.Texts.Count == 0)
        {
            return request.TokenIds;
        }
        return TextTokenCounter.Count(feature, request.Model, request.Texts, _useTokenizers).Total;
    }
}
