using System.Text.Json;
using Gateway.Policies.Catalog;

namespace Gateway.Policies.Configuration;

/// <summary>A routing policy row from the database: parsed with <c>RoutingPolicyParser</c> when the catalog is built.</summary>
public sealed record RoutingPolicyDocument(string Id, string Name, CatalogScope Scope, int Priority, string Type, JsonElement Rules, bool Active);
