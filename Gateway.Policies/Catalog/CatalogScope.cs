namespace Gateway.Policies.Catalog;

/// <summary>Everywhere (the config file's scope), or one organization, team or environment.</summary>
public readonly record struct CatalogScope(CatalogScopeKind Kind, Guid Id)
{
    public static CatalogScope Global => default;

    public static CatalogScope Organization(Guid id) => new(CatalogScopeKind.Organization, id);

    public static CatalogScope Team(Guid id) => new(CatalogScopeKind.Team, id);

    public static CatalogScope Environment(Guid id) => new(CatalogScopeKind.Environment, id);

    public bool IsGlobal => Kind == CatalogScopeKind.Global;
}
