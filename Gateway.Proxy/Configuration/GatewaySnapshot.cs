using Gateway.Policies.Catalog;
using Gateway.Policies.RoutingPolicies;

namespace Gateway.Proxy.Configuration;

/// <summary>One published version of the catalog and its routing policies. Requests keep the snapshot they started with.</summary>
public sealed record GatewaySnapshot(GatewayCatalog Catalog, long Revision, DateTimeOffset PublishedAt)
{
    public RoutingPolicySet Policies { get; init; } = RoutingPolicySet.Empty;
}
