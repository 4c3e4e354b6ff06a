using Gateway.Policies.Catalog;

namespace Gateway.Policies.Configuration;

/// <summary>A model alias row from the database.</summary>
public sealed record ScopedModelDocument(string Name, CatalogScope Scope, ModelDocument Model);
