namespace Gateway.Policies.RoutingPolicies;

/// <summary>The level a routing policy applies at; a narrower scope wins (environment over team over org over global).</summary>
public enum PolicyScopeKind
{
    Global = 0,
    Org = 1,
    Team = 2,
    Environment = 3,
}
