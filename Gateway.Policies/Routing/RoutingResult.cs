namespace Gateway.Policies.Routing;

/// <summary>
/// The outcome of <see cref="RoutingEngine.Route"/>: a decision with at least one candidate, or an error. The
/// decision is there in both cases when the model resolved (to record what was dropped); it is null only when the
/// request itself was at fault before any candidate was known (unknown model).
/// </summary>
public sealed record RoutingResult(RoutingDecision? Decision, RoutingError? Error)
{
    public bool Succeeded => Error is null;
}
