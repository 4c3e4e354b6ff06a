using Gateway.Proxy.Errors;

namespace Gateway.Proxy.Hosting;

/// <summary>
/// Keeps the two sides of <see cref="ManagementPort"/> apart: the management port answers only <c>/healthz</c>,
/// <c>/readyz</c> and <c>/metrics</c> (no API, no keys), and the public port has no <c>/metrics</c>.
/// </summary>
internal sealed class ManagementPortMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ManagementPort _management;

    public ManagementPortMiddleware(RequestDelegate next, ManagementPort management)
    {
        _next = next;
        _management = management;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var allowed = _management.IsManagement(context)
            ? path.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || path.Equals("/readyz", StringComparison.OrdinalIgnoreCase)
                || path.Equals("/metrics", StringComparison.OrdinalIgnoreCase)
            : !path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
        return allowed
            ? _next(context)
            : ErrorResponseWriter.WriteAsync(context, new GatewayError(404, GatewayErrorTypes.InvalidRequest,
                $"Invalid URL ({context.Request.Method} {path})", "unknown_url"));
    }
}
