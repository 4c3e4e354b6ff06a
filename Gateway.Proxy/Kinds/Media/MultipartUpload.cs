using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Multipart;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// One client's <c>multipart/form-data</c> upload on its way to a provider, never held whole. The head of the form is
/// read (<see cref="ReadHeadAsync"/>) until the <c>model</c> field has been seen — at most
/// <see cref="Options.GatewayLimitsOptions.MultipartLookAheadBytes"/>, since clients such as the OpenAI .NET and Node
/// SDKs send <c>model</c> after the file — and kept; the rest stays in the client's connection until an attempt's
/// <see cref="MultipartUploadStream"/> forwards it as it arrives, <c>model</c> rewritten to the target's. The whole
/// body is checked as it passes: its size against <see cref="Options.GatewayLimitsOptions.MaxMultipartBodyBytes"/> and
/// its form grammar to the closing boundary; a failure once forwarding began aborts the provider's request and is
/// answered from <see cref="Error"/>.
/// </summary>
internal sealed class MultipartUpload : IDisposable
{
    /// <summary>How far past the look-ahead one scan may reach: more than a part's largest header block plus a delimiter.</summary>
    private const long ScanSlackBytes = 16 * 1024;

    private readonly PipeReader _client;
    private readonly PooledByteBufferWriter _head = new(16 * 1024);
    private readonly CancellationToken _aborted;

    private MultipartUpload(PipeReader client, MultipartFormScanner scanner, string contentType, long? contentLength, long maxBytes, CancellationToken aborted)
    {
        _client = client;
        Scanner = scanner;
        ContentType = contentType;
        ContentLength = contentLength;
        MaxBytes = maxBytes;
        _aborted = aborted;
    }

    public MultipartFormScanner Scanner { get; }

    /// <summary>The client's content type (its boundary is kept: the parts are forwarded as they are).</summary>
    public string ContentType { get; }

    /// <summary>The client's <c>Content-Length</c>, when it sent one (else the body is chunked, and so is the provider's).</summary>
    public long? ContentLength { get; }

    public long MaxBytes { get; }

    /// <summary>The bytes read before routing (up to and including the <c>model</c> field), held for every attempt.</summary>
    public ReadOnlyMemory<byte> Head => _head.WrittenMemory;

    /// <summary>The whole body was read into <see cref="Head"/> (a small form): every attempt can send it again.</summary>
    public bool HeadIsWhole { get; private set; }

    /// <summary>An attempt has read past <see cref="Head"/> from the client: the body cannot be sent again.</summary>
    public bool Streamed { get; private set; }

    /// <summary>Bytes read from the client so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Why the upload failed while an attempt was forwarding it (413, 400); null otherwise.</summary>
    public GatewayError? Error { get; private set; }

    /// <summary>
    /// Checks the content type and declared size, then reads the form's head until <c>model</c> has ended; the 415, 413 or
    /// 400 for a body that is not the form it claims, is too large, or has no <c>model</c> within the look-ahead.
    /// </summary>
    public static async ValueTask<(MultipartUpload? Upload, GatewayError? Error)> ReadHeadAsync(HttpRequest request, long maxBytes, long lookAheadBytes, int maxFieldBytes)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new GatewayError(415, GatewayErrorTypes.InvalidRequest,
                $"Unsupported content type '{request.ContentType}'; send the body as multipart/form-data.", "unsupported_media_type"));
        }
        if (!MultipartBoundary.TryParse(contentType, out var boundary, out var problem))
        {
            return (null, Malformed(problem));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // The gateway counts the bytes itself (Kestrel's default would stop a large upload at 30 MB).
            sizeFeature.MaxRequestBodySize = null;
        }
        var upload = new MultipartUpload(request.BodyReader, new MultipartFormScanner(boundary, maxFieldBytes), contentType, request.ContentLength, maxBytes,
            request.HttpContext.RequestAborted);
        var error = await upload.ReadHeadAsync(lookAheadBytes).ConfigureAwait(false);
        if (error is not null)
        {
            upload.Dispose();
            return (null, error);
        }
        return (upload, null);
    }

    /// <summary>The length of the body sent for <paramref name="model"/>, when the client's is known.</summary>
    public long? UpstreamLength(string model) =>
        ContentLength is { } length ? length - Scanner.ModelLength + Encoding.UTF8.GetByteCount(model) : null;

    /// <summary>The body for one attempt, <c>model</c> rewritten to <paramref name="model"/>.</summary>
    public Stream CreateStream(string model) => new MultipartUploadStream(this, Encoding.UTF8.GetBytes(model));

    /// <summary>Whether another attempt can send the body (nothing past the head has been taken from the client).</summary>
    public bool CanResend => HeadIsWhole || !Streamed;

    public void Dispose() => _head.Dispose();

    /// <summary>Reads the next slice of the client's body past the head (the stream scans it).</summary>
    internal async ValueTask<ReadResult> ReadClientAsync(CancellationToken cancellationToken)
    {
        Streamed = true;
        try
        {
            return await _client.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is BadHttpRequestException or IOException) && !_aborted.IsCancellationRequested)
        {
            // A body shorter than its Content-Length, or not decodable: the client's 400. A client that left is a 499,
            // so its exception passes unrecorded.
            throw Fail(Malformed("the body could not be read to its end"), ex);
        }
    }

    internal void AdvanceClient(SequencePosition consumed, SequencePosition examined) => _client.AdvanceTo(consumed, examined);

    /// <summary>Counts <paramref name="count"/> more bytes read from the client, failing past the limit.</summary>
    internal void Count(long count)
    {
        BytesRead += count;
        if (BytesRead > MaxBytes)
        {
            throw Fail(TooLarge(MaxBytes), null);
        }
    }

    /// <summary>Records why forwarding stopped and returns the exception that aborts the provider's request.</summary>
    internal IOException Fail(GatewayError error, Exception? inner)
    {
        Error ??= error;
        return new IOException(error.Message, inner);
    }

    private async ValueTask<GatewayError?> ReadHeadAsync(long lookAheadBytes)
    {
        try
        {
            while (true)
            {
                var result = await _client.ReadAsync(_aborted).ConfigureAwait(false);
                var buffer = result.Buffer;
                // Never scan (and hold) much past the look-ahead: a form whose model comes later is refused, not buffered.
                // The slack lets the scanner always see a whole delimiter or part header block, so it can make progress.
                var window = Math.Min(buffer.Length, lookAheadBytes + 1 - BytesRead + ScanSlackBytes);
                var isFinal = result.IsCompleted && window == buffer.Length;
                var consumed = Scanner.Scan(buffer.Slice(0, window), isFinal);
                foreach (var segment in buffer.Slice(0, consumed))
                {
                    _head.Write(segment.Span);
                }
                BytesRead += consumed;
                _client.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
                if (BytesRead + (buffer.Length - consumed) > MaxBytes)
                {
                    return TooLarge(MaxBytes);
                }
                if (Scanner.Problem is { } problem)
                {
                    return Malformed(problem);
                }
                if (Scanner.Completed)
                {
                    HeadIsWhole = true;
                    return Scanner.Model is null ? MissingModel() : null;
                }
                if (Scanner.Model is not null)
                {
                    return null;
                }
                if (BytesRead > lookAheadBytes)
                {
                    return new GatewayError(400, GatewayErrorTypes.InvalidRequest,
                        $"The form's 'model' field must come within its first {lookAheadBytes} bytes: send it before the file (or a smaller file).",
                        "model_after_file", "model");
                }
                if (isFinal)
                {
                    return Malformed("the body ends before its closing boundary");
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(MaxBytes);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or InvalidDataException)
        {
            return Malformed($"the body could not be read ({ex.Message})");
        }
    }

    private static GatewayError MissingModel() =>
        new(400, GatewayErrorTypes.InvalidRequest, "The form has no 'model' field.", "missing_required_parameter", "model");

    internal static GatewayError Malformed(string problem) =>
        new(400, GatewayErrorTypes.InvalidRequest, $"The request body is not a valid multipart/form-data body: {problem}.", "invalid_multipart");

    internal static GatewayError TooLarge(long limit) =>
        new(413, GatewayErrorTypes.InvalidRequest, $"The upload is larger than the gateway's limit of {limit} bytes.", "request_too_large");
}
