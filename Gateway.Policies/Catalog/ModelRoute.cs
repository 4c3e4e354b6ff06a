using Gateway.Policies.Strategies;

namespace Gateway.Policies.Catalog;

/// <summary>A model alias and its targets.</summary>
public sealed class ModelRoute
{
    public required string Name { get; init; }

    public required RoutingStrategy Strategy { get; init; }

    /// <summary>Tunables of <see cref="Strategy"/> (config <c>Parameters</c>).</summary>
    public StrategyParameters Parameters { get; init; } = StrategyParameters.Default;

    public required IReadOnlyList<RouteTarget> Targets { get; init; }

    public Scope Scope { get; init; }

    /// <summary>The alias's response cache; null when its answers are not cached.</summary>
    public ResponseCachePolicy? Cache { get; init; }
}
