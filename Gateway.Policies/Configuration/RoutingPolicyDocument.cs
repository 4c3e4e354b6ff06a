using System.Text.Json;
using Gateway.Policies.RoutingPolicies;

namespace Gateway.Policies.Configuration;

/// <summary>A routing policy row from the database: parsed with <c>RoutingPolicyParser</c> when the catalog is built.</summary>
public sealed record RoutingPolicyDocument(string Id, string Name, Scope Scope, int Priority, RoutingPolicyType Type, JsonElement Rules, bool Active);
