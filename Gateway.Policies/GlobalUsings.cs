// Scopes (global, organization, team, environment) are the vocabulary of the catalog, keys, routing and quotas.
global using Gateway.Policies.Tenancy;
// Namespaces that a good share of this project's files import, once here instead of in every header.
global using Gateway.Policies.Catalog;
global using Gateway.Policies.Routing;
