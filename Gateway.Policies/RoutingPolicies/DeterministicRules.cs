namespace Gateway.Policies.RoutingPolicies;

/// <summary>The rules of a deterministic policy, tried in order (the first match wins), and an optional default.</summary>
/// <param name="Default">Used when no rule matches; null routes the requested model as if no policy applied.</param>
public sealed record DeterministicRules(IReadOnlyList<DeterministicRule> Rules, RuleTargets? Default)
{
    /// <summary>The first matching rule's targets with its name, the default (named <c>default</c>), or null.</summary>
    public RuleTargets? Match(RoutingRequest request, string model, out string? ruleName)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i].When.Matches(request, model))
            {
                ruleName = Rules[i].Name;
                return Rules[i].Then;
            }
        }
        ruleName = Default is null ? null : "default";
        return Default;
    }
}
