using Gateway.Proxy.Options;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy.Proxy;

/// <summary>
/// The per-cluster handler, on YARP's defaults (no cookies, no redirects, no decompression, multiple HTTP/2
/// connections) plus: a short connect timeout so dead providers fail over fast, pooled connections recycled so
/// DNS changes are seen, and no trace headers sent to third-party providers.
/// </summary>
internal sealed class GatewayHttpClientFactory : ForwarderHttpClientFactory
{
    private readonly IOptionsMonitor<GatewayTimeoutsOptions> _timeouts;

    public GatewayHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, IOptionsMonitor<GatewayTimeoutsOptions> timeouts)
        : base(logger)
    {
        _timeouts = timeouts;
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = TimeSpan.FromSeconds(_timeouts.CurrentValue.ConnectSeconds);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(10);
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
        handler.ActivityHeadersPropagator = null;
    }
}
