using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using Gateway.Proxy.Pipeline;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Proxy.Proxy;

/// <summary>
/// Sends the current attempt's provider request: a fresh body stream per attempt (YARP reads the request body
/// once per send and forbids replacing its content), its exact length, the provider's URI and credentials.
/// None of the client's headers are copied, so the gateway key never leaves.
/// </summary>
internal sealed class UpstreamRequestTransform : RequestTransform
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.HttpContext.Features.GetRequiredFeature<GatewayRequestFeature>();
        var attempt = feature.Current ?? throw new InvalidOperationException("No attempt is in progress.");
        var body = attempt.Body.WrittenMemory;

        MemoryMarshal.TryGetArray(body, out var segment);
        context.HttpContext.Request.Body = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        if (context.ProxyRequest.Content is { } content)
        {
            content.Headers.ContentLength = body.Length;
            content.Headers.ContentType = Json;
        }

        attempt.Adapter.PrepareRequest(context.ProxyRequest, context.DestinationPrefix, attempt.Upstream, feature.Request!.Stream, body);
        return default;
    }
}
