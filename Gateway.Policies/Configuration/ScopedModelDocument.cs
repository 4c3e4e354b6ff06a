using Gateway.Policies.Catalog;
using Gateway.Policies.Tenancy;

namespace Gateway.Policies.Configuration;

/// <summary>A model alias row from the database.</summary>
public sealed record ScopedModelDocument(string Name, Scope Scope, ModelDocument Model);
