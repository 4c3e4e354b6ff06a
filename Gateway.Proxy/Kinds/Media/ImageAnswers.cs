using System.Buffers;
using Gateway.Transforms.Media;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>An images answer passed to the client as the provider sent it, its images counted for the bill.</summary>
internal static class ImageAnswers
{
    public static void Pass(ReadOnlyMemory<byte> upstreamBody, AttemptContext attempt, IBufferWriter<byte> output)
    {
        attempt.Outcome.UnitQuantity = ImagesAnswer.CountImages(upstreamBody.Span);
        output.Write(upstreamBody.Span);
    }
}
