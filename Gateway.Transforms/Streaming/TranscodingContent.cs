using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;

namespace Gateway.Transforms.Streaming;

/// <summary>Replaces a provider's streamed <see cref="HttpContent"/> with its OpenAI conversion, read lazily.</summary>
public sealed class TranscodingContent : HttpContent
{
    private readonly HttpContent _upstream;
    private readonly IStreamTranscoder _transcoder;
    private readonly TimeSpan _idleTimeout;
    private readonly Func<StreamFailureKind, GatewayError> _failure;
    private IBufferWriter<byte>? _capture;
    private int _captureLimit;

    public TranscodingContent(HttpContent upstream, IStreamTranscoder transcoder, TimeSpan idleTimeout, Func<StreamFailureKind, GatewayError> failure)
    {
        _upstream = upstream;
        _transcoder = transcoder;
        _idleTimeout = idleTimeout;
        _failure = failure;
        Headers.ContentType = new MediaTypeHeaderValue("text/event-stream") { CharSet = "utf-8" };
    }

    /// <summary>Keeps the first <paramref name="limit"/> bytes of the converted stream in <paramref name="capture"/> (see <see cref="TranscodingStream.CaptureTo"/>).</summary>
    public void CaptureTo(IBufferWriter<byte> capture, int limit)
    {
        _capture = capture;
        _captureLimit = limit;
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        var upstream = await _upstream.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var stream = new TranscodingStream(upstream, _transcoder, _idleTimeout, _failure);
        if (_capture is not null)
        {
            stream.CaptureTo(_capture, _captureLimit);
        }
        return stream;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

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
            _upstream.Dispose();
            _transcoder.Dispose();
        }
        base.Dispose(disposing);
    }
}
