namespace Gateway.Policies.Catalog;

/// <summary>A model alias and its targets.</summary>
public sealed class ModelRoute
{
    public required string Name { get; init; }

    public required RoutingStrategy Strategy { get; init; }

    public required IReadOnlyList<RouteTarget> Targets { get; init; }

    public CatalogScope Scope { get; init; }
}
