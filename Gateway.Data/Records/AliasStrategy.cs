namespace Gateway.Data.Records;

/// <summary>How an alias orders its targets: in order, by weight, by latency, by cost, a weighted mix, or by throughput.</summary>
public enum AliasStrategy
{
    Failover,
    Weighted,
    Latency,
    Cost,
    Hybrid,
    Throughput,
}
