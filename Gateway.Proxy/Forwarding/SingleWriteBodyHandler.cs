using System.Net.Http.Headers;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// Sends a body the gateway holds whole in the same write as the request's headers. YARP's request content flushes
/// the headers before it copies the body (for gRPC and other duplex streams); for a buffered JSON body that is one more
/// packet and system call per attempt and nothing gained. The transform offers the attempt's body through the request's
/// options (<see cref="BodyKey"/>); this handler puts it in place of YARP's content, with the content headers the
/// transform and the adapter set. A request without one (streamed uploads, probes) is passed on as it is.
/// </summary>
internal sealed class SingleWriteBodyHandler : DelegatingHandler
{
    /// <summary>Where the request transform leaves the attempt's body for this handler.</summary>
    public static readonly HttpRequestOptionsKey<UpstreamBodyContent> BodyKey = new("Gateway.UpstreamBody");

    public SingleWriteBodyHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        UseWholeBody(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        UseWholeBody(request);
        return base.Send(request, cancellationToken);
    }

    private static void UseWholeBody(HttpRequestMessage request)
    {
        if (request.Content is not { } streamed || !request.Options.TryGetValue(BodyKey, out var whole) || ReferenceEquals(streamed, whole))
        {
            return;
        }
        CopyHeaders(streamed.Headers, whole.Headers);
        request.Content = whole;
    }

    /// <summary>Every content header but the length, which the whole body states itself.</summary>
    private static void CopyHeaders(HttpContentHeaders from, HttpContentHeaders to)
    {
        foreach (var header in from.NonValidated)
        {
            if (string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (header.Value.Count == 1)
            {
                to.TryAddWithoutValidation(header.Key, header.Value.ToString());
            }
            else
            {
                to.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }
}
