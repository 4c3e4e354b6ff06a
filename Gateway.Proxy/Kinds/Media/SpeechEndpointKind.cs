using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Policies.Pricing;
using Gateway.Transforms.Media;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// <c>POST /v1/audio/speech</c> (JSON in, audio out) at OpenAI and Azure: the audio is relayed to the client as it
/// arrives, with the provider's content type, never held. Billed per character of <c>input</c> (Unicode scalar values),
/// known before the answer.
/// </summary>
internal sealed class SpeechEndpointKind : JsonMediaEndpointKind
{
    public override MediaOperation Operation => MediaOperation.Speech;

    public override UsageUnit Unit => UsageUnit.Characters;

    public override bool RelaysAnswer => true;

    protected override string Accept => "*/*";

    protected override string TextField => "input";

    protected override GatewayError? WriteBody(MediaJsonRequest request, AttemptContext attempt)
    {
        request.WriteBody(attempt.Target.Model, attempt.Body);
        return null;
    }

    public override void AnswerRelayed(GatewayRequestFeature feature, AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(attempt);
        var text = Request(feature).Text;
        attempt.Outcome.UnitQuantity = Encoding.UTF32.GetByteCount(text) / 4;
    }

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output) =>
        throw new NotSupportedException("Speech answers are relayed, not converted.");
}
