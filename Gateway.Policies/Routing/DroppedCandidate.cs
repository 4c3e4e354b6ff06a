namespace Gateway.Policies.Routing;

/// <summary>A candidate routing removed, and why.</summary>
/// <param name="Missing">For capability drops: the features it lacks.</param>
/// <param name="Detail">A sentence for logs and the <c>x-gateway-*</c> headers.</param>
public sealed record DroppedCandidate(RouteTarget Target, DropReason Reason, RequestFeatures Missing, string Detail);
