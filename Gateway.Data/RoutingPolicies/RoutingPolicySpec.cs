using Gateway.Policies.RoutingPolicies;

namespace Gateway.Data.RoutingPolicies;

/// <summary>
/// A routing policy to create or update. Higher <paramref name="Priority"/> is evaluated first within a scope;
/// <paramref name="Rules"/> is a JSON object interpreted by the policy engine (null means empty).
/// </summary>
public sealed record RoutingPolicySpec(
    Scope Scope,
    string Name,
    RoutingPolicyType Type,
    int Priority = 0,
    JsonElement? Rules = null,
    bool Active = true);
