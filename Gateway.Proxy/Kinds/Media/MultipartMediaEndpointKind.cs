using System.Net.Http.Headers;
using Gateway.Transforms.Media;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// An endpoint whose body is a <c>multipart/form-data</c> upload (image edits and variations, transcriptions,
/// translations), streamed to the provider through a <see cref="MultipartUpload"/>: only the form's head is read
/// before routing, and an attempt can be repeated on another candidate only while nothing past it has been taken from
/// the client (or the whole form fitted in it).
/// </summary>
internal abstract class MultipartMediaEndpointKind : MediaEndpointKind
{
    /// <summary>Text fields up to this size are read (to route and bill); longer ones (a long prompt) pass unread.</summary>
    private const int MaxReadFieldBytes = 4096;

    /// <param name="operation">An upload operation of <paramref name="kind"/>.</param>
    protected MultipartMediaEndpointKind(MediaOperation operation, RequestKinds kind)
    {
        Operation = operation;
        if (Kind != kind || operation == MediaOperation.ImageGenerations)
        {
            throw new ArgumentOutOfRangeException(nameof(operation), operation, $"Not an upload of {RequestKindNames.Of(kind)}.");
        }
    }

    public sealed override MediaOperation Operation { get; }

    public override long MaxBodyBytes(GatewayLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits.MaxMultipartBodyBytes;
    }

    public override async ValueTask<GatewayError?> ReadBodyAsync(HttpContext context, GatewayRequestFeature feature, GatewayLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(limits);
        var (upload, error) = await MultipartUpload.ReadHeadAsync(context.Request, MaxBodyBytes(limits), limits.MultipartLookAheadBytes, MaxReadFieldBytes)
            .ConfigureAwait(false);
        if (upload is not null)
        {
            feature.Parsed = new MultipartMediaRequest(upload);
        }
        return error;
    }

    /// <summary>The form was checked while its head was read.</summary>
    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits) => null;

    /// <summary>Nothing to write: the client's form is the provider's, model rewritten as it passes.</summary>
    public override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return MediaProviders.Refusal(attempt.Upstream);
    }

    public override void SetUpstreamBody(RequestTransformContext context, GatewayRequestFeature feature, AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(attempt);
        var upload = Request(feature).Upload;
        var model = attempt.Target.Model;
        context.HttpContext.Request.Body = upload.CreateStream(model);
        if (context.ProxyRequest.Content is { } content)
        {
            content.Headers.ContentLength = upload.UpstreamLength(model);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(upload.ContentType);
        }
    }

    public override bool CanResend(GatewayRequestFeature feature) => Request(feature).Upload.CanResend;

    public override GatewayError? UploadError(GatewayRequestFeature feature) => (feature?.Parsed as MultipartMediaRequest)?.Upload.Error;

    protected static MultipartMediaRequest Request(GatewayRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return (MultipartMediaRequest)feature.Parsed!;
    }
}
