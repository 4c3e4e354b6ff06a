namespace Gateway.Policies.Catalog;

/// <summary>The organization, team and environment a caller's key is bound to; all null for config-file keys.</summary>
public readonly record struct CallerScope(Guid? OrganizationId, Guid? TeamId, Guid? EnvironmentId)
{
    public static CallerScope Global => default;

    /// <summary>True when something scoped to <paramref name="scope"/> is visible to this caller.</summary>
    public bool Sees(in CatalogScope scope) => scope.Kind switch
    {
        CatalogScopeKind.Global => true,
        CatalogScopeKind.Organization => OrganizationId == scope.Id,
        CatalogScopeKind.Team => TeamId == scope.Id,
        _ => EnvironmentId == scope.Id,
    };
}
