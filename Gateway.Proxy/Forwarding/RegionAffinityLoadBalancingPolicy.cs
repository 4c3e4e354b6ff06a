using Gateway.Proxy.Pipeline;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// Picks among a provider's destinations in service: those in the caller's region (the key's, else this replica's)
/// when any is in service, else all of them — so a regional outage falls back to the other regions. Within the set,
/// power of two choices on in-flight requests, as YARP's default does.
/// </summary>
internal sealed class RegionAffinityLoadBalancingPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "GatewayRegionAffinity";
    public const string RegionMetadata = "gateway.region";

    private readonly IOptionsMonitor<RegionOptions> _options;

    public RegionAffinityLoadBalancingPolicy(IOptionsMonitor<RegionOptions> options)
    {
        _options = options;
    }

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(availableDestinations);
        if (availableDestinations.Count <= 1)
        {
            return availableDestinations.Count == 0 ? null : availableDestinations[0];
        }
        var region = context.Features.Get<GatewayRequestFeature>()?.Key?.Region ?? _options.CurrentValue.Region;
        var inRegion = 0;
        if (region is not null)
        {
            foreach (var destination in availableDestinations)
            {
                inRegion += InRegion(destination, region) ? 1 : 0;
            }
        }
        if (inRegion == 0)
        {
            var (a, b) = TwoDistinct(availableDestinations.Count);
            return LessBusy(availableDestinations[a], availableDestinations[b]);
        }
        if (inRegion == 1)
        {
            return NthInRegion(availableDestinations, region!, 0);
        }
        var (first, second) = TwoDistinct(inRegion);
        return LessBusy(NthInRegion(availableDestinations, region!, first), NthInRegion(availableDestinations, region!, second));
    }

    private static (int First, int Second) TwoDistinct(int count)
    {
        var first = Random.Shared.Next(count);
        var second = Random.Shared.Next(count - 1);
        return (first, second >= first ? second + 1 : second);
    }

    private static DestinationState NthInRegion(IReadOnlyList<DestinationState> destinations, string region, int n)
    {
        foreach (var destination in destinations)
        {
            if (InRegion(destination, region) && n-- == 0)
            {
                return destination;
            }
        }
        throw new InvalidOperationException("Fewer destinations in the region than counted.");
    }

    private static bool InRegion(DestinationState destination, string region) =>
        destination.Model?.Config.Metadata?.TryGetValue(RegionMetadata, out var value) == true
        && string.Equals(value, region, StringComparison.OrdinalIgnoreCase);

    private static DestinationState LessBusy(DestinationState a, DestinationState b) =>
        a.ConcurrentRequestCount <= b.ConcurrentRequestCount ? a : b;
}
