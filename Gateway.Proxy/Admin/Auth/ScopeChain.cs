using Gateway.Data.Records;

namespace Gateway.Proxy.Admin.Auth;

/// <summary>
/// A scope with its ancestors resolved: an environment knows its team and organization, a team its organization.
/// All null is the global scope. Scope checks compare chains, so they need no further lookups.
/// </summary>
public readonly record struct ScopeChain(Guid? OrgId, Guid? TeamId, Guid? EnvironmentId)
{
    public static ScopeChain Global => default;

    public bool IsGlobal => OrgId is null;

    /// <summary>The scope one level up: an environment's team, a team's organization, an organization's global scope.</summary>
    public ScopeChain Parent => EnvironmentId is not null ? new(OrgId, TeamId, null)
        : TeamId is not null ? new(OrgId, null, null)
        : Global;

    /// <summary>True when <paramref name="other"/> is this scope or lies below it.</summary>
    public bool Contains(in ScopeChain other) =>
        EnvironmentId is { } environment ? other.EnvironmentId == environment
        : TeamId is { } team ? other.TeamId == team
        : OrgId is not { } org || other.OrgId == org;

    public Scope ToScope() =>
        EnvironmentId is { } environment ? Scope.ForEnvironment(environment)
        : TeamId is { } team ? Scope.ForTeam(team)
        : OrgId is { } org ? Scope.ForOrg(org)
        : Scope.Global;

    public override string ToString() => ToScope().ToString();
}
