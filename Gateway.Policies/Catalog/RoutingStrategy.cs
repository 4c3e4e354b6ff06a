namespace Gateway.Policies.Catalog;

/// <summary>How an alias (or a routing policy) orders its targets.</summary>
public enum RoutingStrategy
{
    /// <summary>In configured order.</summary>
    Failover,

    /// <summary>Weighted random by each target's <c>Weight</c>; the rest follow as fallbacks, also by weight.</summary>
    Weighted,

    /// <summary>Lowest recent latency first, with a little exploration.</summary>
    Latency,

    /// <summary>Cheapest estimated cost for this request first.</summary>
    Cost,

    /// <summary>Lowest weighted score of normalised cost, latency and error rate first.</summary>
    Hybrid,

    /// <summary>Most output tokens per second first (OpenRouter's <c>:nitro</c>).</summary>
    Throughput,
}
