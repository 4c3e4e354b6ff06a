using Gateway.Proxy.Pipeline;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// Sends the current attempt's provider request through its endpoint kind: a fresh body stream per attempt (YARP reads
/// the request body once per send and forbids replacing its content), its exact length, the provider's URI and credentials.
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
