namespace Gateway.Policies.RoutingPolicies;

/// <summary>
/// The <c>when</c> of a deterministic rule: every condition given must hold (an empty condition matches every
/// request). Ids compare without regard to case, header values exactly.
/// </summary>
public sealed record RuleCondition
{
    public static RuleCondition Always { get; } = new();

    /// <summary>The requested model (suffix stripped) matches this glob.</summary>
    public GlobPattern? Model { get; init; }

    public string? KeyId { get; init; }

    public string? OrgId { get; init; }

    public string? TeamId { get; init; }

    public string? EnvironmentId { get; init; }

    /// <summary>The request does (true) or does not (false) use tools.</summary>
    public bool? Tools { get; init; }

    /// <summary>The request does (true) or does not (false) carry images.</summary>
    public bool? Vision { get; init; }

    /// <summary>The estimated prompt is longer than this many tokens.</summary>
    public int? PromptTokensAbove { get; init; }

    /// <summary>Each header is present with exactly this value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public bool Matches(RoutingRequest request, string model)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Model is not null && !Model.Matches(model))
        {
            return false;
        }
        if (!SameId(KeyId, request.KeyId) || !SameId(OrgId, request.OrgId) || !SameId(TeamId, request.TeamId)
            || !SameId(EnvironmentId, request.EnvironmentId))
        {
            return false;
        }
        if (Tools is { } tools && tools != request.Features.HasFlag(RequestFeatures.Tools))
        {
            return false;
        }
        if (Vision is { } vision && vision != request.Features.HasFlag(RequestFeatures.Vision))
        {
            return false;
        }
        if (PromptTokensAbove is { } above && request.EstimatedPromptTokens <= above)
        {
            return false;
        }
        for (var i = 0; i < Headers.Count; i++)
        {
            var (name, expected) = Headers[i];
            if (!request.Headers.TryGetValue(name, out var actual) || !string.Equals(actual, expected, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameId(string? wanted, string? actual) =>
        wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}
