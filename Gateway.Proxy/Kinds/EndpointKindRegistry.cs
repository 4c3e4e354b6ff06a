using System.Collections.Frozen;
using Gateway.Proxy.Forwarding;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// The gateway's public endpoints, one <see cref="EndpointKind"/> each: YARP publishes a route per kind, the pipeline
/// finds the kind by its route, and routing learns which provider kinds serve which request kinds from here.
/// </summary>
internal sealed class EndpointKindRegistry
{
    private readonly FrozenDictionary<string, EndpointKind> _byRoute;

    public EndpointKindRegistry(IEnumerable<EndpointKind> kinds)
    {
        All = kinds.ToArray();
        _byRoute = All.ToFrozenDictionary(kind => kind.RouteId, StringComparer.Ordinal);
    }

    public IReadOnlyList<EndpointKind> All { get; }

    /// <summary>The kind whose public route matched; null for a route that is not an endpoint's.</summary>
    public EndpointKind? ForRoute(string routeId) => _byRoute.GetValueOrDefault(routeId);

    /// <summary>
    /// The kind whose path is <paramref name="path"/> or a parent of it (compared without regard to case, as routing
    /// does): whose error shape a refusal on that path takes, before or after routing. Null for other paths.
    /// </summary>
    public EndpointKind? ForPath(PathString path)
    {
        foreach (var kind in All)
        {
            if (path.StartsWithSegments(kind.Path, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        return null;
    }

    /// <summary>Per provider kind, the request kinds it serves (what <see cref="Gateway.Policies.Capabilities.KindMatcher"/> checks).</summary>
    public IReadOnlyDictionary<string, RequestKinds> ProviderKinds(ProviderAdapterRegistry adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        var served = new Dictionary<string, RequestKinds>(StringComparer.OrdinalIgnoreCase);
        foreach (var providerKind in adapters.Kinds.Keys)
        {
            var kinds = RequestKinds.None;
            foreach (var kind in All)
            {
                if (kind.IsServedBy(providerKind))
                {
                    kinds |= kind.Kind;
                }
            }
            served[providerKind] = kinds;
        }
        return served;
    }
}
