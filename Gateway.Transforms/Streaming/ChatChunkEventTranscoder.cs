using System.Buffers;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Sse;

namespace Gateway.Transforms.Streaming;

/// <summary>
/// A <see cref="ChatChunkStreamTranscoder"/> that reads the inner transcoder's chunks as server-sent events and hands
/// each whole event's data to <see cref="OnEvent"/>. An event larger than the cap given at construction stops the
/// reader: it and every later chunk are dropped, and the stream ends as the derived class ends it.
/// </summary>
public abstract class ChatChunkEventTranscoder : ChatChunkStreamTranscoder, ISseEventSink
{
    private readonly SseEventReader _reader;
    private IBufferWriter<byte>? _output;

    /// <param name="inner">The provider adapter's chat stream transcoder; disposed with this one.</param>
    /// <param name="maxEventBytes">The cap on one chunk event.</param>
    protected ChatChunkEventTranscoder(IStreamTranscoder inner, int maxEventBytes)
        : base(inner)
    {
        _reader = new SseEventReader(maxEventBytes);
    }

    /// <summary>The output of the call under way, for callbacks not handed it.</summary>
    protected IBufferWriter<byte> Output => _output ?? throw new InvalidOperationException("No write is under way.");

    void ISseEventSink.OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data) => OnEvent(data, _output!);

    /// <summary>One whole chunk event's data (a chunk's JSON or <c>[DONE]</c>).</summary>
    protected abstract void OnEvent(ReadOnlySpan<byte> data, IBufferWriter<byte> output);

    protected sealed override void OnChunks(ReadOnlySpan<byte> chunks, IBufferWriter<byte> output)
    {
        _output = output;
        _reader.Feed(chunks, this);
        _output = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }
        base.Dispose(disposing);
    }
}
