using System.Text.Json;

namespace Gateway.Proxy.Admin.RoutingPolicies;

/// <summary>
/// Body of creating or replacing a routing policy at a scope: its <c>type</c> (deterministic, weighted, latency,
/// cost, hybrid), <c>priority</c> (higher first, default 0), <c>rules</c> (a JSON object for the policy engine) and <c>active</c> (default true).
/// </summary>
internal sealed record RoutingPolicyRequest(string? Scope, string? Name, string? Type, int? Priority, JsonElement? Rules, bool? Active);
