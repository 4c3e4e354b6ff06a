using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Proxy.Forwarding;

/// <summary>One immutable YARP configuration, signalled as stale when the next one is published.</summary>
/// <remarks>The token source has no timer, so it holds nothing that needs disposing; YARP may still hold the token.</remarks>
#pragma warning disable CA1001
internal sealed class GatewayProxyConfig : IProxyConfig
{
    private readonly CancellationTokenSource _changed = new();

    public GatewayProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, string revisionId)
    {
        Routes = routes;
        Clusters = clusters;
        RevisionId = revisionId;
        ChangeToken = new CancellationChangeToken(_changed.Token);
    }

    public string RevisionId { get; }

    public IReadOnlyList<RouteConfig> Routes { get; }

    public IReadOnlyList<ClusterConfig> Clusters { get; }

    public IChangeToken ChangeToken { get; }

    public void SignalChange() => _changed.Cancel();
}
#pragma warning restore CA1001
