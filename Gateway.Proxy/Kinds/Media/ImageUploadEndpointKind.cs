using System.Buffers;
using System.Net.Http.Headers;
using Gateway.Policies.Pricing;
using Gateway.Transforms.Media;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// <c>POST /v1/images/edits</c> and <c>/v1/images/variations</c> (multipart, streamed through): billed per image
/// returned, priced by the form's <c>size</c> and <c>quality</c> (read as the form passes, wherever they sit in it).
/// </summary>
internal sealed class ImageUploadEndpointKind(MediaOperation operation) : MultipartMediaEndpointKind(operation, RequestKinds.Images)
{
    public override UsageUnit Unit => UsageUnit.Images;

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output) =>
        ImageAnswers.Pass(upstreamBody, attempt, output);

    public override decimal UnitCost(ModelPrice price, decimal quantity, GatewayRequestFeature feature)
    {
        var request = Request(feature);
        return UnitCostCalculator.Compute(price, UsageUnit.Images, quantity, request.Field("size"), request.Field("quality"));
    }
}
