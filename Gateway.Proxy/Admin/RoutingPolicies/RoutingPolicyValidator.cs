using Gateway.Data.RoutingPolicies;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Vocabulary;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.RoutingPolicies;

/// <summary>A routing policy's fields: scope, name, a known type, a priority within ±1,000,000 and rules as a JSON object.</summary>
internal static class RoutingPolicyValidator
{
    public const int MaxPriority = 1_000_000;

    public static RoutingPolicySpec Validate(RoutingPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = Fields.Scope(request.Scope, "scope");
        var name = Fields.Name(request.Name, "name");
        var type = Fields.OneOf(request.Type, "type", Words.PolicyTypes.ByWord);
        if (request.Priority is < -MaxPriority or > MaxPriority)
        {
            throw Fields.Invalid("priority", $"priority must be between -{MaxPriority} and {MaxPriority}.");
        }
        var rules = Fields.JsonObject(request.Rules, "rules");
        // The routing engine's own parser: a policy it would skip at load time is refused when saved instead.
        var parsed = RoutingPolicyParser.Parse("validation", name, Scope.Global, request.Priority ?? 0, type,
            rules ?? default, request.Active ?? true);
        if (parsed.Errors.Count > 0)
        {
            var first = parsed.Errors[0];
            var colon = first.IndexOf(':', StringComparison.Ordinal);
            throw Fields.Invalid(colon > 0 ? first[..colon] : "rules", first);
        }
        return new RoutingPolicySpec(scope, name, type, request.Priority ?? 0, rules, request.Active ?? true);
    }
}
