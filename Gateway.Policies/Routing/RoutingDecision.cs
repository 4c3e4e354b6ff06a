namespace Gateway.Policies.Routing;

/// <summary>
/// What routing decided for one request, for the usage record, the <c>x-gateway-*</c> headers and metrics:
/// the policy used, the candidates to try in order, and each candidate dropped with its reason.
/// </summary>
/// <param name="RequestedModel">The <c>model</c> field as sent.</param>
/// <param name="Model">The model name routed, without a <c>:floor</c> / <c>:nitro</c> suffix.</param>
/// <param name="Candidates">To try in this order; empty when routing failed.</param>
public sealed record RoutingDecision(
    string RequestedModel,
    string Model,
    AppliedPolicy Policy,
    IReadOnlyList<RouteTarget> Candidates,
    IReadOnlyList<DroppedCandidate> Dropped,
    int EstimatedPromptTokens);
