namespace Gateway.Policies.Catalog;

/// <summary>How an alias orders its targets.</summary>
public enum RoutingStrategy
{
    Failover,
    Weighted,
    Latency,
    Cost,
    Hybrid,
}
