using Gateway.Policies.RoutingPolicies;

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
