using Gateway.Policies.Catalog;

namespace Gateway.Proxy.Pipeline;

/// <summary>A routing candidate the request passed over without sending to it.</summary>
public sealed record SkippedCandidate(RouteTarget Target, string Reason);
