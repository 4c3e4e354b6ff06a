namespace Gateway.Policies.Routing;

/// <summary>The ordered targets a request will try, and what it asked for.</summary>
public sealed class RoutePlan
{
    public required string RequestedModel { get; init; }

    public required RoutingStrategy Strategy { get; init; }

    public required IReadOnlyList<RouteTarget> Candidates { get; init; }
}
