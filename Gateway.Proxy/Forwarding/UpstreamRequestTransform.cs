using Gateway.Proxy.Pipeline;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// Sends the current attempt's provider request through its endpoint kind: the attempt's own body with its exact length
/// (a JSON body whole, through <see cref="SingleWriteBodyHandler"/>; an upload as a fresh stream), the provider's URI and credentials.
/// None of the client's headers are copied, so the gateway key never leaves.
/// </summary>
internal sealed class UpstreamRequestTransform : RequestTransform
{
    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.HttpContext.Features.GetRequiredFeature<GatewayRequestFeature>();
        var attempt = feature.Current ?? throw new InvalidOperationException("No attempt is in progress.");
        feature.Kind.SetUpstreamBody(context, feature, attempt);
        feature.Kind.PrepareRequest(context.ProxyRequest, context.DestinationPrefix, feature, attempt);
        return default;
    }
}
