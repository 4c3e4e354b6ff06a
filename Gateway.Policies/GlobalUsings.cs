// Scopes (global, organization, team, environment) are the vocabulary of the catalog, keys, routing and quotas.
global using Gateway.Policies.Tenancy;
