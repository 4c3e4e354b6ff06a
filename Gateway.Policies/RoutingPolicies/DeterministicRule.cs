namespace Gateway.Policies.RoutingPolicies;

/// <summary>One rule of a deterministic policy: when <see cref="When"/> matches, route to <see cref="Then"/>.</summary>
public sealed record DeterministicRule(string Name, RuleCondition When, RuleTargets Then);
