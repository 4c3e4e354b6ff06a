using Gateway.Policies.Vocabulary;

namespace Gateway.Policies.Routing;

/// <summary>The policy that ordered the requested model's candidates (fallback models keep their own alias strategy).</summary>
/// <param name="PolicyId">The routing policy's id when <paramref name="Source"/> is <see cref="PolicySource.Policy"/>.</param>
/// <param name="Scope">The routing policy's scope, likewise.</param>
/// <param name="Rule">For a deterministic policy: the name of the rule that matched, <c>default</c>, or null when none did.</param>
public sealed record AppliedPolicy(
    PolicySource Source,
    RoutingStrategy Strategy,
    string? PolicyId = null,
    string? PolicyName = null,
    Scope? Scope = null,
    string? Rule = null)
{
    /// <summary>Short form for a header or a log line: <c>weighted</c>, <c>policy:cheap-team/cost</c>, <c>policy:rules#big-prompts/failover</c>, <c>request/price</c>.</summary>
    public string Describe()
    {
        var strategy = Words.Strategies.Word(Strategy);
        return Source switch
        {
            PolicySource.Policy when Rule is not null => $"policy:{PolicyName}#{Rule}/{strategy}",
            PolicySource.Policy => $"policy:{PolicyName}/{strategy}",
            PolicySource.Request => $"request/{strategy}",
            _ => strategy,
        };
    }
}
