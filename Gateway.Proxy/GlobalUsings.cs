global using Microsoft.AspNetCore.Http.Features;
// Scopes (global, organization, team, environment) are the vocabulary of auth, routing and the admin API.
global using Gateway.Policies.Tenancy;
// The admin API's plumbing (callers and access, list and error shapes, route conventions, reads and writes) is in nearly every admin file.
global using Gateway.Proxy.Admin.Auth;
global using Gateway.Proxy.Admin.Common;
global using Gateway.Proxy.Admin.Hosting;
global using Gateway.Proxy.Admin.Http;
// Namespaces that a good share of this project's files import, once here instead of in every header.
global using System.ComponentModel.DataAnnotations;
global using System.Globalization;
global using System.Text.Json;
global using Gateway.Policies.Catalog;
global using Gateway.Policies.Routing;
global using Gateway.Proxy.Options;
global using Gateway.Proxy.RequestState;
global using Gateway.Transforms.Errors;
global using Microsoft.Extensions.Options;
