namespace Gateway.Transforms.Streaming;

/// <summary>
/// Base for providers that stream server-sent events and are converted to OpenAI chunks: each whole event goes to
/// <see cref="SseEventTranscoder.OnEvent"/> with the chunk writer at hand; an error ends the stream as an error chunk.
/// </summary>
internal abstract class SseStreamTranscoder : SseEventTranscoder
{
    protected SseStreamTranscoder(ResponseContext context, ResponseOutcome outcome)
        : base(context, outcome, validateUtf8: true)
    {
        Outcome = outcome;
        Chunks = new ChatChunkWriter(context);
    }

    protected ResponseOutcome Outcome { get; }

    protected ChatChunkWriter Chunks { get; }

    protected JsonStringScratch Scratch { get; } = new();

    /// <summary>Writes an in-stream error and ends the stream.</summary>
    protected void FailWith(GatewayError error, IBufferWriter<byte> output) => Fail(error, output);

    protected override void WriteError(GatewayError error, IBufferWriter<byte> output) => Chunks.WriteError(output, error);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Chunks.Dispose();
            Scratch.Dispose();
        }
        base.Dispose(disposing);
    }
}
