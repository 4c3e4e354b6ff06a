using Gateway.Policies.Strategies;

namespace Gateway.Policies.RoutingPolicies;

/// <summary>
/// What a deterministic rule routes to: model names (aliases or <c>provider/model</c>, expanded in order) and how
/// to order their targets — <see cref="Strategy"/> when given, else listed order (failover).
/// </summary>
public sealed record RuleTargets(IReadOnlyList<string> Models, RoutingStrategy? Strategy, StrategyParameters Parameters);
