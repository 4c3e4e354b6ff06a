global using Microsoft.AspNetCore.Http.Features;
// Scopes (global, organization, team, environment) are the vocabulary of auth, routing and the admin API.
global using Gateway.Policies.Tenancy;
// The admin API's plumbing (callers and access, list and error shapes, route conventions, reads and writes) is in nearly every admin file.
global using Gateway.Proxy.Admin.Auth;
global using Gateway.Proxy.Admin.Common;
global using Gateway.Proxy.Admin.Hosting;
global using Gateway.Proxy.Admin.Http;
