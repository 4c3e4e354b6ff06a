using Gateway.Policies.Catalog;

namespace Gateway.Policies.Routing;

/// <summary>Orders an alias's targets by its strategy; every target stays in the list so later ones serve as failover.</summary>
public sealed class CandidateOrderer
{
    private readonly Random _random;

    public CandidateOrderer(Random random)
    {
        _random = random;
    }

    public IReadOnlyList<RouteTarget> Order(ModelRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Strategy switch
        {
            RoutingStrategy.Weighted => WeightedOrder(route.Targets),
            RoutingStrategy.Cost => CostOrder(route.Targets),
            _ => route.Targets,
        };
    }

    /// <summary>Weighted sampling without replacement: the first pick follows the weights exactly, the rest back it up.</summary>
    private RouteTarget[] WeightedOrder(IReadOnlyList<RouteTarget> targets)
    {
        var remaining = new List<RouteTarget>(targets);
        var ordered = new RouteTarget[targets.Count];
        for (var slot = 0; slot < ordered.Length; slot++)
        {
            var total = 0.0;
            foreach (var target in remaining)
            {
                total += target.Weight;
            }
            var pick = remaining.Count - 1;
            if (total > 0)
            {
                var point = _random.NextDouble() * total;
                for (var i = 0; i < remaining.Count; i++)
                {
                    point -= remaining[i].Weight;
                    if (point < 0)
                    {
                        pick = i;
                        break;
                    }
                }
            }
            else
            {
                pick = 0;
            }
            ordered[slot] = remaining[pick];
            remaining.RemoveAt(pick);
        }
        return ordered;
    }

    /// <summary>Cheapest first by list price (input plus output per million); unpriced targets last, in config order.</summary>
    private static RouteTarget[] CostOrder(IReadOnlyList<RouteTarget> targets)
    {
        var ordered = new RouteTarget[targets.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = targets[i];
        }
        Array.Sort(ordered, static (a, b) => Cost(a).CompareTo(Cost(b)));
        return ordered;

        static decimal Cost(RouteTarget target) =>
            target.Price is { } price ? price.InputPerMTok + price.OutputPerMTok : decimal.MaxValue;
    }
}
