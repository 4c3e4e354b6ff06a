// Namespaces that a good share of this project's files import, once here instead of in every header.
global using System.Text.Json;
global using Dapper;
global using Gateway.Data.Options;
global using Gateway.Data.Sql;
global using Gateway.Policies.Tenancy;
global using Microsoft.Extensions.Options;
global using Npgsql;
