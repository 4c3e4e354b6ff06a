using System.Net;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// An attempt's whole provider body, written to the connection in one call so that the client's buffer sends it with
/// the request's headers (<see cref="SingleWriteBodyHandler"/>). It remembers its last send, which may outlive the
/// response on HTTP/2, so that the memory under it is not reused before that send is over (<see cref="ReleaseAfterSend"/>).
/// A content of our own rather than <see cref="ReadOnlyMemoryContent"/>: HttpClient treats its built-in contents as not
/// duplex, and on HTTP/2 would then hold back an answer that comes before the whole body is sent.
/// </summary>
internal sealed class UpstreamBodyContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private Task _sending = Task.CompletedTask;

    public UpstreamBodyContent(ReadOnlyMemory<byte> body)
    {
        _body = body;
    }

    /// <summary>
    /// Disposes <paramref name="memory"/> (what holds the body's bytes) once no send is using them: now, or when the last
    /// send ends. An HTTP/2 provider may answer before the whole body is sent.
    /// </summary>
    public void ReleaseAfterSend(IDisposable memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (_sending.IsCompleted)
        {
            memory.Dispose();
            return;
        }
        _sending.ContinueWith(
            static (_, owner) => ((IDisposable)owner!).Dispose(), memory, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _sending = stream.WriteAsync(_body, cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_body.Span);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
