namespace Gateway.Policies.Tenancy;

/// <summary>
/// A scope with its ancestors resolved: an environment knows its team and organization, a team its organization; all
/// null is the global scope. A key's binding is one (what it may see), and so is a scope an admin names (what it
/// administers): checks compare chains, so they need no further lookups.
/// </summary>
public readonly record struct ScopeChain(Guid? OrganizationId, Guid? TeamId, Guid? EnvironmentId)
{
    public static ScopeChain Global => default;

    public bool IsGlobal => OrganizationId is null;

    /// <summary>The scope one level up: an environment's team, a team's organization, an organization's global scope.</summary>
    public ScopeChain Parent => EnvironmentId is not null ? new(OrganizationId, TeamId, null)
        : TeamId is not null ? new(OrganizationId, null, null)
        : Global;

    /// <summary>True when <paramref name="other"/> is this scope or lies below it.</summary>
    public bool Contains(in ScopeChain other) =>
        EnvironmentId is { } environment ? other.EnvironmentId == environment
        : TeamId is { } team ? other.TeamId == team
        : OrganizationId is not { } organization || other.OrganizationId == organization;

    /// <summary>True when something defined at <paramref name="scope"/> applies here: the scope is this one or above it.</summary>
    public bool Sees(in Scope scope) => scope.Kind switch
    {
        ScopeKind.Global => true,
        ScopeKind.Organization => OrganizationId == scope.Id,
        ScopeKind.Team => TeamId == scope.Id,
        _ => EnvironmentId == scope.Id,
    };

    /// <summary>The narrowest scope of the chain.</summary>
    public Scope ToScope() =>
        EnvironmentId is { } environment ? Scope.ForEnvironment(environment)
        : TeamId is { } team ? Scope.ForTeam(team)
        : OrganizationId is { } organization ? Scope.ForOrganization(organization)
        : Scope.Global;

    public override string ToString() => ToScope().ToString();
}
