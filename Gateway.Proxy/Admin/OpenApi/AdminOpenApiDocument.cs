using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Proxy.Admin.OpenApi;

/// <summary>
/// The admin API's OpenAPI document: only <c>/admin/v1</c> routes (the OpenAI-compatible API is OpenAI's own
/// specification), titled, with the bearer admin key as its security scheme.
/// </summary>
internal static class AdminOpenApiDocument
{
    /// <summary>The document's name; <c>MapOpenApi</c> serves this one when its route names none.</summary>
    public const string Name = "v1";

    private const string SchemeName = "admin_key";

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ShouldInclude = description =>
            description.RelativePath?.StartsWith(AdminRoutes.Prefix[1..] + "/", StringComparison.Ordinal) == true;
        options.AddOperationTransformer<AdminRequestBodyTransformer>();
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "LLM Gateway admin API",
                Version = "v1",
                Description = "Tenants, keys, providers, aliases, routing policies, prices, quotas and the audit log. " +
                    "Authenticate with an admin key: Authorization: Bearer KEY (or x-api-key). Errors use OpenAI's shape; " +
                    "lists page with ?limit=&cursor= and answer {\"object\":\"list\",\"data\":[...],\"next_cursor\":...}.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A config key with \"Admin\": true (global) or a database key with an admin binding (scoped).",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            return Task.CompletedTask;
        });
    }
}
