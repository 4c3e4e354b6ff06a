namespace Gateway.Policies.RoutingPolicies;

/// <summary>
/// The <c>type</c> column of <c>routing_policies</c>: <see cref="Deterministic"/> chooses targets by rules; every
/// other type reorders the requested model's candidates with that strategy.
/// </summary>
public enum RoutingPolicyType
{
    Deterministic,
    Failover,
    Weighted,
    Latency,
    Cost,
    Hybrid,
    Throughput,
}
