namespace Gateway.Data.Records;

/// <summary>How an alias orders its targets: in order, by weight, by latency, by cost, or a weighted mix.</summary>
public enum AliasStrategy
{
    Failover,
    Weighted,
    Latency,
    Cost,
    Hybrid,
}
