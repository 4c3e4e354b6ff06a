using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Http;
using Gateway.Proxy.Admin.OpenApi;
using Gateway.Proxy.Admin.Organizations;
using Scalar.AspNetCore;

namespace Gateway.Proxy.Admin.Hosting;

/// <summary>
/// Registers and maps the admin API (<c>/admin/v1</c>). Only with a database: without one nothing is mapped and
/// authentication answers every <c>/admin</c> request with 503.
/// </summary>
internal static class AdminApi
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.ConfigureHttpJsonOptions(AdminJson.Configure);
        services.AddOpenApi(AdminOpenApiDocument.Name, AdminOpenApiDocument.Configure);

        services.AddSingleton<ScopeResolver>();
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<AdminAuthenticator>();
        services.AddSingleton<AdminRequestReader>();
        services.AddSingleton<AdminPaging>();
        services.AddSingleton<AdminAuditor>();

        services.AddSingleton<OrganizationEndpoints>();
    }

    public static void Map(WebApplication app)
    {
        var admin = app.MapGroup(AdminRoutes.Prefix).AddEndpointFilter<AdminExceptionFilter>();
        foreach (var status in (int[])[400, 401, 403, 404, 409, 503])
        {
            admin.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(AdminErrorResponse), ["application/json"]));
        }

        var services = app.Services;
        services.GetRequiredService<OrganizationEndpoints>().Map(admin);

        app.MapOpenApi(AdminRoutes.OpenApiDocument);
        app.MapScalarApiReference(AdminRoutes.Docs, options =>
        {
            options.OpenApiRoutePattern = AdminRoutes.OpenApiDocument;
            options.Title = "LLM Gateway admin API";
        });
    }
}
