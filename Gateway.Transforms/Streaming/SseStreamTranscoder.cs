namespace Gateway.Transforms.Streaming;

/// <summary>
/// Base for providers that stream server-sent events and are converted to OpenAI chunks: each whole event goes to
/// <see cref="SseEventTranscoder.OnEvent"/> with the chunk writer at hand; an error ends the stream as an error chunk.
/// </summary>
internal abstract class SseStreamTranscoder : SseEventTranscoder
{
    private ChatChunkWriter? _chunks;
    private JsonStringScratch? _scratch;

    protected SseStreamTranscoder(ResponseContext context, ResponseOutcome outcome)
        : base(context, outcome, validateUtf8: true)
    {
        Outcome = outcome;
    }

    protected ResponseOutcome Outcome { get; }

    // Made on first use: a stream passed through with its own chunks (OpenAI's) needs them only for an error.
    protected ChatChunkWriter Chunks => _chunks ??= new ChatChunkWriter(Context);

    protected JsonStringScratch Scratch => _scratch ??= new JsonStringScratch();

    /// <summary>Writes an in-stream error and ends the stream.</summary>
    protected void FailWith(GatewayError error, IBufferWriter<byte> output) => Fail(error, output);

    protected override void WriteError(GatewayError error, IBufferWriter<byte> output) => Chunks.WriteError(output, error);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunks?.Dispose();
            _scratch?.Dispose();
        }
        base.Dispose(disposing);
    }
}
