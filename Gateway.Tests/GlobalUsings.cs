global using NUnit.Framework;
global using Gateway.Policies.Tenancy;
// Namespaces that a good share of this project's files import, once here instead of in every header.
global using System.Net;
global using System.Net.Http.Headers;
global using System.Text;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using Gateway.Policies.Catalog;
global using Gateway.Tests.Infrastructure;
global using Gateway.Transforms.Adapters;
global using Microsoft.Extensions.DependencyInjection;
global using OpenAI.Chat;
