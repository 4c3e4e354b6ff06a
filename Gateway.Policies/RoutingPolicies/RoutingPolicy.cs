using Gateway.Policies.Strategies;

namespace Gateway.Policies.RoutingPolicies;

/// <summary>
/// A scoped routing policy, one row of <c>routing_policies</c> (build it with <see cref="RoutingPolicyParser"/>
/// from the row's type and rules jsonb). Of the active policies that apply to a request, the most specific scope
/// wins, then the highest <see cref="Priority"/>, then the lowest <see cref="Id"/> (ordinal).
/// </summary>
/// <param name="Models">Requested models (globs) the policy applies to; empty applies to every model.</param>
/// <param name="Parameters">Strategy tunables for the non-deterministic types.</param>
/// <param name="Rules">For <see cref="RoutingPolicyType.Deterministic"/>: the rules; null otherwise.</param>
public sealed record RoutingPolicy(
    string Id,
    string Name,
    Scope Scope,
    int Priority,
    RoutingPolicyType Type,
    IReadOnlyList<GlobPattern> Models,
    StrategyParameters Parameters,
    DeterministicRules? Rules,
    bool Active = true)
{
    public bool AppliesTo(string model)
    {
        if (Models.Count == 0)
        {
            return true;
        }
        for (var i = 0; i < Models.Count; i++)
        {
            if (Models[i].Matches(model))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The ordering strategy of a non-deterministic policy.</summary>
    public RoutingStrategy Strategy => Type switch
    {
        RoutingPolicyType.Weighted => RoutingStrategy.Weighted,
        RoutingPolicyType.Latency => RoutingStrategy.Latency,
        RoutingPolicyType.Cost => RoutingStrategy.Cost,
        RoutingPolicyType.Hybrid => RoutingStrategy.Hybrid,
        RoutingPolicyType.Throughput => RoutingStrategy.Throughput,
        _ => RoutingStrategy.Failover,
    };
}
