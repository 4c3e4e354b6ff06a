namespace Gateway.Policies.RoutingPolicies;

/// <summary>
/// Where a routing policy applies: everywhere, or within one organization, team or environment (by id, as text:
/// the data layer passes its UUIDs formatted, config may use any id). Ids compare without regard to case.
/// </summary>
public sealed record PolicyScope
{
    private PolicyScope(PolicyScopeKind kind, string? id)
    {
        Kind = kind;
        Id = id;
    }

    public static PolicyScope Global { get; } = new(PolicyScopeKind.Global, null);

    public PolicyScopeKind Kind { get; }

    /// <summary>Null for <see cref="PolicyScopeKind.Global"/>.</summary>
    public string? Id { get; }

    public static PolicyScope ForOrg(string orgId) => new(PolicyScopeKind.Org, Require(orgId));

    public static PolicyScope ForTeam(string teamId) => new(PolicyScopeKind.Team, Require(teamId));

    public static PolicyScope ForEnvironment(string environmentId) => new(PolicyScopeKind.Environment, Require(environmentId));

    public override string ToString() => Kind == PolicyScopeKind.Global ? "global" : $"{Kind.ToString().ToLowerInvariant()}:{Id}";

    private static string Require(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return id;
    }
}
