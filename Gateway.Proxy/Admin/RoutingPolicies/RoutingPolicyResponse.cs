using Gateway.Data.RoutingPolicies;
using Gateway.Policies.Vocabulary;

namespace Gateway.Proxy.Admin.RoutingPolicies;

internal sealed record RoutingPolicyResponse(
    Guid Id, string Scope, string Name, int Priority, string Type, JsonElement Rules, bool Active, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : ApiObject("routing_policy")
{
    public static RoutingPolicyResponse From(RoutingPolicyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Scope.ToString(), record.Name, record.Priority, Words.PolicyTypes.Word(record.Type), record.Rules,
            record.Active, record.CreatedAt, record.UpdatedAt);
    }
}
