using Gateway.Proxy.Admin.Aliases;
using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.Admin.AuditLog;
using Gateway.Proxy.Admin.Credentials;
using Gateway.Proxy.Admin.Environments;
using Gateway.Proxy.Admin.Keys;
using Gateway.Proxy.Admin.OpenApi;
using Gateway.Proxy.Admin.Organizations;
using Gateway.Proxy.Admin.Prices;
using Gateway.Proxy.Admin.ProviderModels;
using Gateway.Proxy.Admin.Providers;
using Gateway.Proxy.Admin.Quotas;
using Gateway.Proxy.Admin.RoutingPolicies;
using Gateway.Proxy.Admin.Teams;
using Gateway.Proxy.DatabaseSync;
using Scalar.AspNetCore;

namespace Gateway.Proxy.Admin.Hosting;

/// <summary>
/// Registers and maps the admin API (<c>/admin/v1</c>). Only with a database: without one nothing is mapped and
/// authentication answers every <c>/admin</c> request with 503.
/// </summary>
internal static class AdminApi
{
    /// <summary>The admin API's limits; registered with or without a database, so the section is always validated.</summary>
    public static void AddOptions(IServiceCollection services) =>
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();

    public static void AddServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(AdminJson.Configure);
        services.AddOpenApi(AdminOpenApiDocument.Name, AdminOpenApiDocument.Configure);

        services.AddSingleton<ScopeResolver>();
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<AdminAuthenticator>();
        services.AddSingleton<AdminRequestReader>();
        services.AddSingleton<AdminPaging>();
        services.AddSingleton<AdminAuditor>();
        services.AddSingleton<AdminWrites>();
        services.AddSingleton<ProviderValidator>();
        services.AddSingleton<AliasTargetChecker>();
        services.AddSingleton<QuotaSubjects>();

        services.AddSingleton<OrganizationEndpoints>();
        services.AddSingleton<TeamEndpoints>();
        services.AddSingleton<EnvironmentEndpoints>();
        services.AddSingleton<ProviderEndpoints>();
        services.AddSingleton<ProviderModelEndpoints>();
        services.AddSingleton<AliasEndpoints>();
        services.AddSingleton<RoutingPolicyEndpoints>();
        services.AddSingleton<PriceEndpoints>();
        services.AddSingleton<QuotaEndpoints>();
        services.AddSingleton<KeyEndpoints>();
        services.AddSingleton<AuditLogEndpoints>();
        services.AddSingleton<CredentialReencryptor>();
        services.AddSingleton<CredentialEndpoints>();
    }

    public static void Map(WebApplication app)
    {
        var admin = app.MapGroup(AdminRoutes.Prefix).AddEndpointFilter<AdminExceptionFilter>();
        foreach (var status in (int[])[400, 401, 403, 404, 409, 503])
        {
            admin.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(AdminErrorResponse), ["application/json"]));
        }

        var services = app.Services;
        CallerEndpoints.Map(admin);
        services.GetRequiredService<OrganizationEndpoints>().Map(admin);
        services.GetRequiredService<TeamEndpoints>().Map(admin);
        services.GetRequiredService<EnvironmentEndpoints>().Map(admin);
        services.GetRequiredService<ProviderEndpoints>().Map(admin);
        services.GetRequiredService<ProviderModelEndpoints>().Map(admin);
        services.GetRequiredService<AliasEndpoints>().Map(admin);
        services.GetRequiredService<RoutingPolicyEndpoints>().Map(admin);
        services.GetRequiredService<PriceEndpoints>().Map(admin);
        services.GetRequiredService<QuotaEndpoints>().Map(admin);
        services.GetRequiredService<KeyEndpoints>().Map(admin);
        services.GetRequiredService<AuditLogEndpoints>().Map(admin);
        services.GetRequiredService<CredentialEndpoints>().Map(admin);

        app.MapOpenApi(AdminRoutes.OpenApiDocument);
        app.MapScalarApiReference(AdminRoutes.Docs, options =>
        {
            options.OpenApiRoutePattern = AdminRoutes.OpenApiDocument;
            options.Title = "LLM Gateway admin API";
        });
    }
}
