using System.Buffers;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Errors;

namespace Gateway.Transforms.Streaming;

/// <summary>
/// Base for the doors that convert a provider's stream in two steps: the provider adapter's chat transcoder writes the
/// gateway's chat chunks (and records the attempt's usage, timings and errors, as for chat) into one pooled buffer reused
/// for every call, and the derived class converts what each call wrote into its own format.
/// </summary>
public abstract class ChatChunkStreamTranscoder : IStreamTranscoder
{
    private readonly IStreamTranscoder _inner;
    private readonly PooledByteBufferWriter _chunks = new(4096);

    /// <param name="inner">The provider adapter's chat stream transcoder; disposed with this one.</param>
    protected ChatChunkStreamTranscoder(IStreamTranscoder inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <inheritdoc />
    public virtual bool Failed => _inner.Failed;

    /// <summary>True once the converted stream has ended: later calls are not passed to the inner transcoder.</summary>
    protected virtual bool Ended => false;

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        if (Ended)
        {
            return;
        }
        _chunks.Reset();
        _inner.Write(upstream, _chunks);
        ForwardChunks(output);
    }

    public void Complete(IBufferWriter<byte> output)
    {
        if (Ended)
        {
            return;
        }
        _chunks.Reset();
        _inner.Complete(_chunks);
        ForwardChunks(output);
        OnCompleted(output);
    }

    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Ended)
        {
            return;
        }
        _chunks.Reset();
        _inner.Fail(error, _chunks);
        OnFailed(error, output);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The chunks the inner transcoder wrote in this call (never empty).</summary>
    protected abstract void OnChunks(ReadOnlySpan<byte> chunks, IBufferWriter<byte> output);

    /// <summary>The inner transcoder's last chunks have been converted: end the converted stream if they did not.</summary>
    protected virtual void OnCompleted(IBufferWriter<byte> output)
    {
    }

    /// <summary>The inner transcoder has written its error chunk for <paramref name="error"/>; by default it is converted as any other.</summary>
    protected virtual void OnFailed(GatewayError error, IBufferWriter<byte> output) => ForwardChunks(output);

    /// <summary>Hands the chunks the inner transcoder wrote in this call, if any, to <see cref="OnChunks"/>.</summary>
    protected void ForwardChunks(IBufferWriter<byte> output)
    {
        if (_chunks.WrittenCount > 0)
        {
            OnChunks(_chunks.WrittenSpan, output);
        }
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _chunks.Dispose();
        }
    }
}
