using Gateway.Proxy.Egress;
using Gateway.Proxy.Options;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// The per-cluster handler, on YARP's defaults (no cookies, no redirects, no decompression, multiple HTTP/2
/// connections) plus: a short connect timeout so dead providers fail over fast, pooled connections recycled so
/// DNS changes are seen, and no trace headers sent to third-party providers. A provider whose base URL a tenant
/// admin chose connects through <see cref="ProviderEgressConnector"/>, which reaches only allowed addresses; its
/// active health probes use the same client, so they are held to the same rule.
/// </summary>
internal sealed class GatewayHttpClientFactory : ForwarderHttpClientFactory
{
    private readonly IOptionsMonitor<GatewayTimeoutsOptions> _timeouts;
    private readonly ProviderEgressConnector _egress;

    public GatewayHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, IOptionsMonitor<GatewayTimeoutsOptions> timeouts, ProviderEgressConnector egress)
        : base(logger)
    {
        _timeouts = timeouts;
        _egress = egress;
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = TimeSpan.FromSeconds(_timeouts.CurrentValue.ConnectSeconds);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(10);
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
        handler.ActivityHeadersPropagator = null;
        if (IsRestricted(context.NewMetadata))
        {
            var clusterId = context.ClusterId;
            handler.ConnectCallback = (connection, cancellationToken) => _egress.ConnectAsync(clusterId, connection, cancellationToken);
        }
    }

    /// <summary>YARP reuses a cluster's client while its HTTP settings are unchanged; a change of restriction needs a new one.</summary>
    protected override bool CanReuseOldClient(ForwarderHttpClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return base.CanReuseOldClient(context) && IsRestricted(context.OldMetadata) == IsRestricted(context.NewMetadata);
    }

    private static bool IsRestricted(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.ContainsKey(ProxyIds.RestrictedEgressMetadata);
}
