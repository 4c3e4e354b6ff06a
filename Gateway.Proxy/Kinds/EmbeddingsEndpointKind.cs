using System.Buffers;
using System.Net.Http.Headers;
using Gateway.Transforms.Embeddings;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// <c>POST /v1/embeddings</c>: the provider kinds of <see cref="EmbeddingsAdapters"/>, billed by input tokens. Inputs are
/// counted before routing (each against a model's <c>MaxInputTokens</c>); a provider that reports no usage (Gemini) is
/// billed that count, marked estimated.
/// </summary>
internal sealed class EmbeddingsEndpointKind(IOptions<TokenCountingOptions> tokenCounting)
    : InputTokensEndpointKind<EmbeddingsRequest, IEmbeddingsAdapter>(EmbeddingsAdapters.Create(), tokenCounting)
{
    public override RequestKinds Kind => RequestKinds.Embeddings;

    public override string Path => "/v1/embeddings";

    public override long MaxBodyBytes(GatewayLimitsOptions limits) => limits.MaxEmbeddingsBodyBytes;

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits) =>
        Keep(feature, EmbeddingsRequest.Parse(Body(feature), limits.MaxFallbackModels, limits.MaxEmbeddingInputs));

    /// <summary>
    /// Tokens of every input and of the largest: token ids are counted exactly; text with the first candidate model's
    /// tokenizer where it is an OpenAI one (and tokenizers are on), else the calibrated estimate.
    /// </summary>
    public override KindRouting Routing(GatewayRequestFeature feature)
    {
        var request = Request(feature);
        var (total, largest) = request.InputKind == EmbeddingsInputKind.Tokens
            ? (request.TotalTokenIds, request.LargestTokenArray)
            : CountTexts(feature, request);
        request.InputTokens = total;
        return new KindRouting(RequestFeatures.None, total, MaxOutputTokens: 0, request.Dimensions, largest);
    }

    public override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt) =>
        Adapter(attempt).WriteRequestBody(Request(feature), attempt.Upstream, attempt.Body);

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt) =>
        Adapter(attempt).PrepareRequest(message, destinationPrefix, attempt.Upstream, attempt.Body.WrittenMemory);

    protected override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, EmbeddingsRequest request, AttemptContext attempt, IBufferWriter<byte> output) =>
        Adapter(attempt).ConvertResponse(upstreamBody, headers, request, attempt.Target.Model, attempt.Outcome, output);
}
