using Gateway.Policies.Catalog;

namespace Gateway.Policies.Configuration;

/// <summary>A provider row from the database.</summary>
public sealed record ScopedProviderDocument(string Id, CatalogScope Scope, ProviderDocument Provider);
