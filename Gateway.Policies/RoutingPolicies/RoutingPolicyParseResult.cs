namespace Gateway.Policies.RoutingPolicies;

/// <summary>A parsed policy, or the errors (each naming its JSON path) that kept it from being built.</summary>
public sealed record RoutingPolicyParseResult(RoutingPolicy? Policy, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Policy is not null;
}
