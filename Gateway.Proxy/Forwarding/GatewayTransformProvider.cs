using Gateway.Proxy.Hosting;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Proxy.Forwarding;

/// <summary>Gives every provider route the gateway's request and response transforms, and nothing of YARP's defaults.</summary>
internal sealed class GatewayTransformProvider : ITransformProvider
{
    private readonly UpstreamRequestTransform _request = new();
    private readonly UpstreamResponseTransform _response;

    public GatewayTransformProvider(
        IOptionsMonitor<GatewayLimitsOptions> limits, IOptionsMonitor<GatewayTimeoutsOptions> timeouts, IOptionsMonitor<ResilienceOptions> resilience,
        IOptionsMonitor<UsageOptions> usage, IOptionsMonitor<ServerThreadingOptions> threading, TimeProvider time, DrainDeadline drain,
        ILogger<GatewayTransformProvider> logger)
    {
        _response = new UpstreamResponseTransform(limits, timeouts, resilience, usage, threading, time, drain, logger);
    }

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Route.Metadata?.ContainsKey(ProxyIds.ProviderMetadata) != true)
        {
            return;
        }
        context.CopyRequestHeaders = false;
        context.CopyResponseHeaders = false;
        context.CopyResponseTrailers = false;
        context.UseDefaultForwarders = false;
        context.RequestTransforms.Add(_request);
        context.ResponseTransforms.Add(_response);
    }
}
