using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Proxy.Admin.OpenApi;

/// <summary>Describes the JSON body named by <see cref="AdminRequestBody"/>, with its schema among the document's components.</summary>
internal sealed class AdminRequestBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AdminRequestBody>().FirstOrDefault() is not { } body)
        {
            return;
        }
        var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken).ConfigureAwait(false);
        IOpenApiSchema content = schema;
        if (context.Document is { } document)
        {
            document.AddComponent(body.Type.Name, schema);
            content = new OpenApiSchemaReference(body.Type.Name, document);
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new OpenApiMediaType { Schema = content },
            },
        };
    }
}
