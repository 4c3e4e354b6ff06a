namespace Gateway.Proxy.Admin.RoutingPolicies;

/// <summary>
/// Body of creating or replacing a routing policy at a scope: its <c>type</c> (deterministic, weighted, latency,
/// cost, hybrid, failover, throughput), <c>priority</c> (higher first, default 0), <c>rules</c> (a JSON object for the policy engine) and <c>active</c> (default true).
/// </summary>
internal sealed record RoutingPolicyRequest(
    [property: Required] string? Scope = null,
    [property: Required] string? Name = null,
    [property: Required] string? Type = null,
    int? Priority = null,
    JsonElement? Rules = null,
    bool? Active = null);
