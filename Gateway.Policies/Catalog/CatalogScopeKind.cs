namespace Gateway.Policies.Catalog;

/// <summary>Where a catalog entry applies, from the widest to the narrowest.</summary>
public enum CatalogScopeKind
{
    Global,
    Organization,
    Team,
    Environment,
}
