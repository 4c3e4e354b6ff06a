using System.Net;

namespace Gateway.Transforms.Streaming;

/// <summary>
/// Replaces a provider's streamed <see cref="HttpContent"/> with its OpenAI conversion. The forwarder reads it
/// through the <see cref="TranscodingStream"/>, which may already have been primed by the caller.
/// </summary>
public sealed class TranscodingContent : HttpContent
{
    private readonly HttpContent _upstream;
    private readonly TranscodingStream _stream;

    public TranscodingContent(HttpContent upstream, TranscodingStream stream)
    {
        _upstream = upstream;
        _stream = stream;
        Headers.ContentType = new MediaTypeHeaderValue("text/event-stream") { CharSet = "utf-8" };
    }

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromResult<Stream>(_stream);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(_stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _stream.CopyToAsync(stream, cancellationToken);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
            _upstream.Dispose();
        }
        base.Dispose(disposing);
    }
}
