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
    private readonly Action? _ended;

    /// <param name="ended">Called once the provider's stream has ended (normally or not), before its last converted bytes are read out.</param>
    public TranscodingContent(
        HttpContent upstream, IStreamTranscoder transcoder, TimeSpan idleTimeout, Func<StreamFailureKind, GatewayError> failure, Action? ended = null)
    {
        _ended = ended;
        _upstream = upstream;
        _transcoder = transcoder;
        _idleTimeout = idleTimeout;
        _failure = failure;
        Headers.ContentType = new MediaTypeHeaderValue("text/event-stream") { CharSet = "utf-8" };
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        var upstream = await _upstream.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new TranscodingStream(upstream, _transcoder, _idleTimeout, _failure, _ended);
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
