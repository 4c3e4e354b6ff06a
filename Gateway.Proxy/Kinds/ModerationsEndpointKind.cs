using System.Buffers;
using System.Net.Http.Headers;
using Gateway.Transforms.Moderations;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// <c>POST /v1/moderations</c>: the provider kinds of <see cref="ModerationsAdapters"/>, billed by input tokens. OpenAI
/// reports no usage for moderations, so the gateway's count of the text inputs is billed, marked estimated (at the
/// catalog's price: OpenAI's moderation models are free, so the catalog prices them at 0).
/// </summary>
internal sealed class ModerationsEndpointKind(IOptions<TokenCountingOptions> tokenCounting)
    : InputTokensEndpointKind<ModerationsRequest, IModerationsAdapter>(ModerationsAdapters.Create(), tokenCounting)
{
    public override RequestKinds Kind => RequestKinds.Moderations;

    public override string Path => "/v1/moderations";

    public override long MaxBodyBytes(GatewayLimitsOptions limits) => limits.MaxModerationsBodyBytes;

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits) =>
        Keep(feature, ModerationsRequest.Parse(Body(feature), limits.MaxFallbackModels));

    public override KindRouting Routing(GatewayRequestFeature feature)
    {
        var request = Request(feature);
        request.InputTokens = CountTexts(feature, request).Total;
        return new KindRouting(request.Images > 0 ? RequestFeatures.Vision : RequestFeatures.None, request.InputTokens, MaxOutputTokens: 0);
    }

    public override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt) =>
        Adapter(attempt).WriteRequestBody(Request(feature), attempt.Upstream, attempt.Body);

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt) =>
        Adapter(attempt).PrepareRequest(message, destinationPrefix, attempt.Upstream);

    protected override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, ModerationsRequest request, AttemptContext attempt, IBufferWriter<byte> output) =>
        Adapter(attempt).ConvertResponse(upstreamBody.Span, attempt.Response, attempt.Outcome, output);
}
