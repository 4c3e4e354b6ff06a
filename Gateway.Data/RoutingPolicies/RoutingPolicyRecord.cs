using System.Text.Json;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Tenancy;

namespace Gateway.Data.RoutingPolicies;

public sealed record RoutingPolicyRecord(
    Guid Id,
    Scope Scope,
    string Name,
    int Priority,
    RoutingPolicyType Type,
    JsonElement Rules,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
