using Gateway.Proxy.Auth;
using Gateway.Proxy.Errors;
using Gateway.Transforms;

namespace Gateway.Proxy.Responses;

/// <summary>
/// <c>GET /v1/responses/{id}</c> and <c>DELETE /v1/responses/{id}</c> for the responses the gateway kept (with a database),
/// scoped to the calling key's tenant: another tenant's id, or any id on a gateway without a database, is a 404. A
/// passed-through response is answered from the gateway's copy (its final state) and deleted there only: the provider
/// keeps its own copy under its own retention.
/// </summary>
internal static class ResponsesEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/responses/{id}", GetAsync);
        endpoints.MapDelete("/v1/responses/{id}", DeleteAsync);
    }

    private static async Task GetAsync(HttpContext context, string id, ResponseStore store)
    {
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        var (response, error) = await store.FindAsync(id, caller.Key, context.RequestAborted).ConfigureAwait(false);
        if (error is not null || response is null)
        {
            await ErrorResponseWriter.WriteAsync(context, error ?? NotFound(id, store)).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.Response, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, string id, ResponseStore store)
    {
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        var (deleted, error) = await store.DeleteAsync(id, caller.Key, context.RequestAborted).ConfigureAwait(false);
        if (error is not null || !deleted)
        {
            await ErrorResponseWriter.WriteAsync(context, error ?? NotFound(id, store)).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("id"u8, id);
        json.WriteString("object"u8, "response.deleted"u8);
        json.WriteBoolean("deleted"u8, true);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static GatewayError NotFound(string id, ResponseStore store) => new(404, GatewayErrorTypes.InvalidRequest,
        store.Enabled
            ? $"Response with id '{id}' not found."
            : $"Response with id '{id}' not found: this gateway runs without a database and keeps no responses.",
        "response_not_found", "id");
}
