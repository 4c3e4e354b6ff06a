using System.Buffers;
using System.Net.Http.Headers;
using Gateway.Policies.Pricing;
using Gateway.Transforms.Media;
using Gateway.Transforms.Providers.Gemini.Images;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// <c>POST /v1/images/generations</c> (JSON) at OpenAI and Azure — the client's body with the target's <c>model</c>, the
/// answer OpenAI's shape already, passed as it is — and at Gemini through Imagen's <c>:predict</c> (body and answer
/// converted). Billed per image returned, priced by the request's <c>{size}/{quality}</c>.
/// </summary>
internal sealed class ImageGenerationsEndpointKind : JsonMediaEndpointKind
{
    public override MediaOperation Operation => MediaOperation.ImageGenerations;

    public override UsageUnit Unit => UsageUnit.Images;

    protected override string TextField => "prompt";

    protected override GatewayError? WriteBody(MediaJsonRequest request, AttemptContext attempt)
    {
        if (MediaProviders.IsGemini(attempt.Upstream))
        {
            return ImagenRequestWriter.Write(request, attempt.Body);
        }
        request.WriteBody(attempt.Target.Model, attempt.Body);
        return null;
    }

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(attempt);
        if (MediaProviders.IsGemini(attempt.Upstream))
        {
            attempt.Outcome.UnitQuantity = ImagenAnswerConverter.Convert(upstreamBody, feature.Created, output);
            return;
        }
        ImageAnswers.Pass(upstreamBody, attempt, output);
    }

    public override decimal UnitCost(ModelPrice price, decimal quantity, GatewayRequestFeature feature)
    {
        var request = Request(feature);
        return UnitCostCalculator.Compute(price, UsageUnit.Images, quantity, request.Size, request.Quality);
    }
}
