using Gateway.Proxy.Errors;

namespace Gateway.Proxy.Forwarding;

/// <summary>The per-provider routes exist only to be reassigned to; a client that finds one gets a 404.</summary>
internal sealed class InternalRouteGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetRouteModel();
        if (route.Config.Metadata?.ContainsKey(ProxyIds.InternalMetadata) == true)
        {
            return ErrorResponseWriter.WriteAsync(context, new GatewayError(404, GatewayErrorTypes.InvalidRequest,
                $"Invalid URL ({context.Request.Method} {context.Request.Path})", "unknown_url"));
        }
        return next(context);
    }
}
