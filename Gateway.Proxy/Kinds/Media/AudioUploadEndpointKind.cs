using System.Buffers;
using System.Net.Http.Headers;
using Gateway.Policies.Pricing;
using Gateway.Transforms.Media;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c> and <c>/v1/audio/translations</c> (multipart, streamed through): the answer in
/// whatever <c>response_format</c> was asked (json, verbose_json, text, srt, vtt) passes as the provider sent it, content
/// type included. Billed per second of audio: the provider's <c>duration</c> (verbose_json) when it reports one, else the
/// gateway's estimate from the upload (<see cref="AudioDurationEstimator"/>), marked estimated.
/// </summary>
internal sealed class AudioUploadEndpointKind(MediaOperation operation) : MultipartMediaEndpointKind(operation, RequestKinds.Transcriptions)
{
    public override UsageUnit Unit => UsageUnit.AudioSeconds;

    protected override string Accept => "*/*";

    public override string? AnswerContentType(HttpContentHeaders upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return upstream.ContentType?.ToString();
    }

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(output);
        var outcome = attempt.Outcome;
        if (TranscriptionAnswer.ReportedSeconds(upstreamBody.Span, attempt.AnswerContentType) is { } seconds)
        {
            outcome.UnitQuantity = seconds;
        }
        else
        {
            var scanner = Request(feature).Upload.Scanner;
            outcome.UnitQuantity = AudioDurationEstimator.Estimate(scanner.FileHead, scanner.FirstFileBytes);
            outcome.UsageEstimated = true;
        }
        output.Write(upstreamBody.Span);
    }
}
