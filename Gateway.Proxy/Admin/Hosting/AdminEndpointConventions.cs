using Gateway.Proxy.Admin.OpenApi;

namespace Gateway.Proxy.Admin.Hosting;

/// <summary>OpenAPI metadata for the admin handlers, which read their bodies themselves to name the field at fault.</summary>
internal static class AdminEndpointConventions
{
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull => builder.WithMetadata(new AdminRequestBody(typeof(TRequest)));

    public static RouteHandlerBuilder Returns<TResponse>(this RouteHandlerBuilder builder, int statusCode = StatusCodes.Status200OK) =>
        builder.Produces<TResponse>(statusCode, "application/json");
}
