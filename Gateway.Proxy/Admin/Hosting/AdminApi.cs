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
        services.AddSingleton<AdminScopedList>();
        services.AddSingleton<AdminAuditor>();
        services.AddSingleton<AdminWrites>();
        services.AddSingleton<ProviderValidator>();
        services.AddSingleton<AliasTargetChecker>();
        services.AddSingleton<QuotaSubjects>();
        services.AddSingleton<CredentialReencryptor>();

        services.AddSingleton<IAdminEndpoints, OrganizationEndpoints>();
        services.AddSingleton<IAdminEndpoints, TeamEndpoints>();
        services.AddSingleton<IAdminEndpoints, EnvironmentEndpoints>();
        services.AddSingleton<IAdminEndpoints, ProviderEndpoints>();
        services.AddSingleton<IAdminEndpoints, ProviderModelEndpoints>();
        services.AddSingleton<IAdminEndpoints, AliasEndpoints>();
        services.AddSingleton<IAdminEndpoints, RoutingPolicyEndpoints>();
        services.AddSingleton<IAdminEndpoints, PriceEndpoints>();
        services.AddSingleton<IAdminEndpoints, QuotaEndpoints>();
        services.AddSingleton<IAdminEndpoints, KeyEndpoints>();
        services.AddSingleton<IAdminEndpoints, AuditLogEndpoints>();
        services.AddSingleton<IAdminEndpoints, CredentialEndpoints>();
    }

    public static void Map(WebApplication app)
    {
        var admin = app.MapGroup(AdminRoutes.Prefix).AddEndpointFilter<AdminExceptionFilter>();
        foreach (var status in (int[])[400, 401, 403, 404, 409, 503])
        {
            admin.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(AdminErrorResponse), ["application/json"]));
        }

        CallerEndpoints.Map(admin);
        // In the order registered above, which is the order the OpenAPI document lists them in.
        foreach (var endpoints in app.Services.GetServices<IAdminEndpoints>())
        {
            endpoints.Map(admin);
        }

        app.MapOpenApi(AdminRoutes.OpenApiDocument);
        app.MapScalarApiReference(AdminRoutes.Docs, options =>
        {
            options.OpenApiRoutePattern = AdminRoutes.OpenApiDocument;
            options.Title = "LLM Gateway admin API";
        });
    }
}
