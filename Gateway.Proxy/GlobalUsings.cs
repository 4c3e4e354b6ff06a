global using Microsoft.AspNetCore.Http.Features;
// Scopes (global, organization, team, environment) are the vocabulary of auth, routing and the admin API.
global using Gateway.Policies.Tenancy;
