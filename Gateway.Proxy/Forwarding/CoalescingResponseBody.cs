using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// The client's side of a converted stream. YARP's copier writes each read it makes and the server flushes each write,
/// so events the provider sent together would leave in as many sends (one syscall and one wake-up of the client
/// each). Writes here go to the response's pipe unflushed; <see cref="FlushPendingAsync"/> sends them when the provider's
/// stream is about to make the reader wait (<c>TranscodingStream.FlushBeforeWaiting</c>), and a write that takes the
/// unflushed bytes past the limit flushes at once, so a slow client still holds the copy back. What is left when the
/// copy ends goes out with the response's end.
/// </summary>
internal sealed class CoalescingResponseBody : Stream, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private readonly PipeWriter _writer;
    private readonly int _flushBytes;
    private int _unflushed;
    private bool _started;

    /// <param name="inner">The server's response body, which this writes to.</param>
    /// <param name="flushBytes">Unflushed bytes at which a write flushes.</param>
    public CoalescingResponseBody(IHttpResponseBodyFeature inner, int flushBytes)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(flushBytes, 1);
        _inner = inner;
        _writer = inner.Writer;
        _flushBytes = flushBytes;
    }

    /// <summary>Bytes written and not yet flushed.</summary>
    public int Unflushed => _unflushed;

    Stream IHttpResponseBodyFeature.Stream => this;

    PipeWriter IHttpResponseBodyFeature.Writer => _writer;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_started)
        {
            // The first write commits the response, as the server's own first write would: from here on the gateway
            // knows the client has its status and headers (no failover, no error response in its place).
            _started = true;
            var start = _inner.StartAsync(cancellationToken);
            if (!start.IsCompletedSuccessfully)
            {
                return WriteAfterStartAsync(start, buffer, cancellationToken);
            }
        }
        _writer.Write(buffer.Span);
        _unflushed += buffer.Length;
        return _unflushed >= _flushBytes ? FlushPendingAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The response body is written asynchronously.");

    public override Task FlushAsync(CancellationToken cancellationToken) => FlushPendingAsync(cancellationToken).AsTask();

    public override void Flush() => throw new NotSupportedException("The response body is flushed asynchronously.");

    /// <summary>
    /// Sends what was written since the last flush. A client that has gone away is not this caller's to report: the
    /// copier's next write, or the request's abort, tells it.
    /// </summary>
    public ValueTask FlushPendingAsync(CancellationToken cancellationToken)
    {
        if (_unflushed == 0)
        {
            return ValueTask.CompletedTask;
        }
        _unflushed = 0;
        var flush = _writer.FlushAsync(cancellationToken);
        if (!flush.IsCompletedSuccessfully)
        {
            return AwaitFlushAsync(flush);
        }
        _ = flush.Result;
        return ValueTask.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    void IHttpResponseBodyFeature.DisableBuffering() => _inner.DisableBuffering();

    Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken) =>
        _inner.SendFileAsync(path, offset, count, cancellationToken);

    Task IHttpResponseBodyFeature.CompleteAsync()
    {
        _unflushed = 0;
        return _inner.CompleteAsync();
    }

    private async ValueTask WriteAfterStartAsync(Task start, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await start.ConfigureAwait(false);
        await WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            await flush.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // The connection is gone or the response already ended; see FlushPendingAsync.
        }
    }
}
