using Gateway.Proxy.Configuration;
using Gateway.Proxy.Kinds;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// Feeds YARP from the catalog: one cluster per provider account (a destination per base URL, with active health
/// probes), one internal route per provider carrying its transforms, and one public route per endpoint kind.
/// A new catalog snapshot publishes a new config before requests can route by it (a provider they pick has its cluster);
/// YARP keeps unchanged clusters and their connection pools.
/// </summary>
internal sealed class GatewayProxyConfigProvider : IProxyConfigProvider, IDisposable
{
    private readonly CatalogPublisher _publisher;
    private readonly IOptionsMonitor<GatewayTimeoutsOptions> _timeouts;
    private readonly EndpointKindRegistry _kinds;
    private readonly IDisposable? _optionsSubscription;
    private readonly Lock _publishGate = new();
    private GatewaySnapshot _snapshot;
    private GatewayProxyConfig _config;

    public GatewayProxyConfigProvider(CatalogPublisher publisher, IOptionsMonitor<GatewayTimeoutsOptions> timeouts, EndpointKindRegistry kinds)
    {
        _kinds = kinds;
        _publisher = publisher;
        _timeouts = timeouts;
        _snapshot = publisher.Current;
        _config = Build(_snapshot);
        publisher.Publishing += Publish;
        // The snapshot last handed over, not the publisher's current one: that lags behind while a snapshot is being published.
        _optionsSubscription = timeouts.OnChange(_ => Publish(Volatile.Read(ref _snapshot)));
    }

    public IProxyConfig GetConfig() => Volatile.Read(ref _config);

    public void Dispose()
    {
        _publisher.Publishing -= Publish;
        _optionsSubscription?.Dispose();
    }

    private void Publish(GatewaySnapshot snapshot)
    {
        // Catalog rebuilds and timeout edits arrive on different threads; the newer snapshot must win.
        lock (_publishGate)
        {
            if (snapshot.Revision < _snapshot.Revision)
            {
                return;
            }
            Volatile.Write(ref _snapshot, snapshot);
            var previous = Interlocked.Exchange(ref _config, Build(snapshot));
            previous.SignalChange();
        }
    }

    private GatewayProxyConfig Build(GatewaySnapshot snapshot)
    {
        var timeouts = _timeouts.CurrentValue;
        var routes = new List<RouteConfig>();
        foreach (var kind in _kinds.All)
        {
            routes.Add(new RouteConfig
            {
                RouteId = kind.RouteId,
                ClusterId = ProxyIds.PlaceholderCluster,
                Match = new RouteMatch { Path = kind.Path, Methods = ["POST"] },
            });
        }
        var clusters = new List<ClusterConfig>
        {
            new() { ClusterId = ProxyIds.PlaceholderCluster },
        };

        foreach (var provider in snapshot.Catalog.Providers.Values)
        {
            var metadata = new Dictionary<string, string> { [ProxyIds.ProviderMetadata] = provider.Id };
            routes.Add(new RouteConfig
            {
                RouteId = ProxyIds.ProviderRoute(provider.Id),
                ClusterId = ProxyIds.ProviderCluster(provider.Id),
                Match = new RouteMatch { Path = "/.gateway/provider/" + provider.Id },
                Metadata = new Dictionary<string, string>(metadata) { [ProxyIds.InternalMetadata] = "true" },
            });
            var clusterMetadata = new Dictionary<string, string>(metadata);
            if (provider.RestrictedEgress)
            {
                clusterMetadata[ProxyIds.RestrictedEgressMetadata] = "true";
            }
            if (provider.PropagateTraceContext)
            {
                clusterMetadata[ProxyIds.PropagateTraceMetadata] = "true";
            }
            clusters.Add(BuildCluster(provider, clusterMetadata, timeouts));
        }

        return new GatewayProxyConfig(routes, clusters, snapshot.Revision.ToString(CultureInfo.InvariantCulture));
    }

    private static ClusterConfig BuildCluster(ProviderDefinition provider, Dictionary<string, string> metadata, GatewayTimeoutsOptions timeouts)
    {
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < provider.BaseUrls.Count; i++)
        {
            var url = provider.BaseUrls[i];
            destinations[$"{provider.Id}-{i}"] = new DestinationConfig
            {
                Address = url,
                Metadata = provider.Regions.TryGetValue(url, out var region)
                    ? new Dictionary<string, string> { [RegionAffinityLoadBalancingPolicy.RegionMetadata] = region }
                    : null,
            };
        }

        ActiveHealthCheckConfig? active = null;
        if (provider.HealthCheck is { } probe)
        {
            active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = probe.Interval,
                Timeout = probe.Timeout,
                Path = probe.Path,
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
            };
            metadata["ConsecutiveFailuresHealthPolicy.Threshold"] = probe.FailureThreshold.ToString(CultureInfo.InvariantCulture);
        }

        return new ClusterConfig
        {
            ClusterId = ProxyIds.ProviderCluster(provider.Id),
            Destinations = destinations,
            LoadBalancingPolicy = provider.Regions.Count > 0
                ? RegionAffinityLoadBalancingPolicy.PolicyName
                : Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies.PowerOfTwoChoices,
            HealthCheck = new HealthCheckConfig
            {
                // Active probes only: passive health (ejections, cooldowns) is the gateway's own (Health/), applied per
                // attempt, so that it takes effect at once and on the gateway's clock.
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                Active = active,
            },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
            {
                ActivityTimeout = provider.Timeout ?? TimeSpan.FromSeconds(timeouts.UpstreamSeconds),
                AllowResponseBuffering = false,
            },
            Metadata = metadata,
        };
    }
}
