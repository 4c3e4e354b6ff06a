using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Messages;

/// <summary>
/// A provider's stream to Anthropic's events in two steps: the provider adapter's transcoder writes chat chunks (and keeps
/// the attempt's usage and timings, as for chat), which <see cref="ChatToMessagesStreamConverter"/> turns into Messages
/// events. The chunks pass through one pooled buffer reused for every read.
/// </summary>
public sealed class TranslatedMessagesStreamTranscoder(IStreamTranscoder inner, ResponseContext context) : ChatChunkStreamTranscoder(inner)
{
    private readonly ChatToMessagesStreamConverter _outer = new(context);

    public override bool Failed => base.Failed || _outer.Failed;

    protected override void OnChunks(ReadOnlySpan<byte> chunks, IBufferWriter<byte> output) => _outer.Write(chunks, output);

    protected override void OnCompleted(IBufferWriter<byte> output) => _outer.Complete(output);

    /// <summary>The inner transcoder records the error on the attempt; its chunk is not needed, the converter writes the event.</summary>
    protected override void OnFailed(GatewayError error, IBufferWriter<byte> output) => _outer.Fail(error, output);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _outer.Dispose();
        }
        base.Dispose(disposing);
    }
}
