namespace Gateway.Transforms.Messages;

/// <summary>
/// A provider's stream to Anthropic's events in two steps: the provider adapter's transcoder writes chat chunks (and keeps
/// the attempt's usage and timings, as for chat), which <see cref="ChatToMessagesStreamConverter"/> turns into Messages
/// events. The chunks pass through one pooled buffer reused for every read.
/// </summary>
public sealed class TranslatedMessagesStreamTranscoder : IStreamTranscoder
{
    private readonly IStreamTranscoder _inner;
    private readonly ChatToMessagesStreamConverter _outer;
    private readonly PooledByteBufferWriter _chunks = new(4096);

    public TranslatedMessagesStreamTranscoder(IStreamTranscoder inner, ResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _outer = new ChatToMessagesStreamConverter(context);
    }

    public bool Failed => _inner.Failed || _outer.Failed;

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        _chunks.Reset();
        _inner.Write(upstream, _chunks);
        Forward(output);
    }

    public void Complete(IBufferWriter<byte> output)
    {
        _chunks.Reset();
        _inner.Complete(_chunks);
        Forward(output);
        _outer.Complete(output);
    }

    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        // The inner transcoder records the error on the attempt; its chunk is not needed, the converter writes the event.
        _chunks.Reset();
        _inner.Fail(error, _chunks);
        _outer.Fail(error, output);
    }

    private void Forward(IBufferWriter<byte> output)
    {
        if (_chunks.WrittenCount > 0)
        {
            _outer.Write(_chunks.WrittenSpan, output);
        }
    }

    public void Dispose()
    {
        _inner.Dispose();
        _outer.Dispose();
        _chunks.Dispose();
    }
}
