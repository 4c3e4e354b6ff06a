using System.Runtime.InteropServices;
using Gateway.Policies.Resilience;
using Gateway.Policies.Strategies;

namespace Gateway.Policies.Routing;

/// <summary>
/// Orders candidates by a strategy; every candidate stays in the list so later ones serve as failover. Sorting
/// strategies are stable: equal keys keep the configured order.
/// </summary>
/// <remarks>
/// Thread-safe when <paramref name="random"/> is (<see cref="Random.Shared"/> is; a seeded <c>new Random(n)</c>
/// is not, and is meant for tests and benchmarks).
/// </remarks>
/// <param name="random">Draws for the weighted strategy and the latency strategy's exploration.</param>
/// <param name="statistics">Recent latency and errors for the latency, hybrid and throughput strategies; null orders as if nothing was measured.</param>
public sealed class CandidateOrderer(Random random, ITargetStatistics? statistics = null)
{
    private const int StackLimit = 64;

    private readonly Random _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>An alias's targets in its strategy's order (a new array; the route is not changed).</summary>
    public IReadOnlyList<RouteTarget> Order(ModelRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Strategy == RoutingStrategy.Failover || route.Targets.Count < 2)
        {
            return route.Targets;
        }
        var ordered = new List<RouteTarget>(route.Targets);
        Order(ordered, 0, ordered.Count, route.Strategy, route.Parameters, OrderingContext.Default);
        return ordered;
    }

    /// <summary>Orders <paramref name="count"/> candidates from <paramref name="start"/> in place.</summary>
    internal void Order(List<RouteTarget> candidates, int start, int count, RoutingStrategy strategy, StrategyParameters parameters, in OrderingContext context)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(parameters);
        if (count < 2 || strategy == RoutingStrategy.Failover)
        {
            return;
        }
        var items = CollectionsMarshal.AsSpan(candidates).Slice(start, count);
        if (strategy == RoutingStrategy.Weighted)
        {
            WeightedOrdering.Apply(items, _random);
            return;
        }

        // Keys (and a second column for latency ages / hybrid latencies) on the stack for the usual short lists.
        var scratch = count <= StackLimit ? stackalloc double[count * 2] : new double[count * 2];
        var keys = scratch[..count];
        var second = scratch[count..];
        switch (strategy)
        {
            case RoutingStrategy.Cost:
                CostOrdering.Apply(items, keys, parameters, context);
                break;
            case RoutingStrategy.Latency:
                LatencyOrdering.Apply(items, keys, second, statistics, _random, parameters, context);
                break;
            case RoutingStrategy.Hybrid:
                HybridOrdering.Apply(items, keys, second, statistics, parameters, context);
                break;
            case RoutingStrategy.Throughput:
                ThroughputOrdering.Apply(items, keys, statistics);
                break;
        }
    }
}
