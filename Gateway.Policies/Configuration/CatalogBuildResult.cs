namespace Gateway.Policies.Configuration;

/// <summary>A built catalog, or the errors that prevented it; warnings either way.</summary>
public sealed record CatalogBuildResult(GatewayCatalog? Catalog, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Catalog is not null && Errors.Count == 0;
}
