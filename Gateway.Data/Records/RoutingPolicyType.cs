namespace Gateway.Data.Records;

/// <summary>How a routing policy orders candidates.</summary>
public enum RoutingPolicyType
{
    Deterministic,
    Weighted,
    Latency,
    Cost,
    Hybrid,
    Failover,
    Throughput,
}
