using Gateway.Proxy.Egress;
using Gateway.Proxy.Tracing;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// The per-cluster handler, on YARP's defaults (no cookies, no redirects, no decompression, multiple HTTP/2
/// connections) plus: a short connect timeout so dead providers fail over fast, pooled connections recycled so
/// DNS changes are seen, and no trace headers sent to providers unless one allows them (<see cref="Propagator"/>). A provider whose base URL a tenant
/// admin chose connects through <see cref="ProviderEgressConnector"/>, which reaches only allowed addresses; its
/// active health probes use the same client, so they are held to the same rule. A body the gateway holds whole goes out
/// with the request's headers in one write (<see cref="SingleWriteBodyHandler"/>).
/// </summary>
internal sealed class GatewayHttpClientFactory : ForwarderHttpClientFactory
{
    private readonly IOptionsMonitor<GatewayTimeoutsOptions> _timeouts;
    private readonly ProviderEgressConnector _egress;
    private readonly TracingState _tracing;

    public GatewayHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, IOptionsMonitor<GatewayTimeoutsOptions> timeouts, ProviderEgressConnector egress,
        TracingState tracing)
        : base(logger)
    {
        _timeouts = timeouts;
        _egress = egress;
        _tracing = tracing;
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = TimeSpan.FromSeconds(_timeouts.CurrentValue.ConnectSeconds);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(10);
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
        handler.ActivityHeadersPropagator = Propagator(context.NewMetadata);
        if (IsRestricted(context.NewMetadata))
        {
            var clusterId = context.ClusterId;
            handler.ConnectCallback = (connection, cancellationToken) => _egress.ConnectAsync(clusterId, connection, cancellationToken);
        }
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new SingleWriteBodyHandler(base.WrapHandler(context, handler));

    /// <summary>YARP reuses a cluster's client while its HTTP settings are unchanged; a change of restriction needs a new one.</summary>
    protected override bool CanReuseOldClient(ForwarderHttpClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return base.CanReuseOldClient(context) && IsRestricted(context.OldMetadata) == IsRestricted(context.NewMetadata)
            && ReferenceEquals(Propagator(context.OldMetadata), Propagator(context.NewMetadata));
    }

    /// <summary>
    /// What the handler sends of the trace: W3C trace context for a provider that allows it; else nothing, and then, with
    /// tracing off, no diagnostics handler at all (a null propagator leaves it out: no HTTP activity per attempt), with
    /// tracing on one that injects nothing, so the HTTP client span still exists.
    /// </summary>
    private OutboundTracePropagator? Propagator(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is not null && metadata.ContainsKey(ProxyIds.PropagateTraceMetadata))
        {
            return OutboundTracePropagator.TraceContext;
        }
        return _tracing.Enabled ? OutboundTracePropagator.Nothing : null;
    }

    private static bool IsRestricted(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.ContainsKey(ProxyIds.RestrictedEgressMetadata);
}
