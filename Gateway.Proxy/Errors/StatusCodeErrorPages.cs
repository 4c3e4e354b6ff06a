namespace Gateway.Proxy.Errors;

/// <summary>Gives the framework's own bodiless errors (405, and any other) OpenAI's error shape.</summary>
internal static class StatusCodeErrorPages
{
    public static Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var error = status switch
        {
            404 or 405 => new GatewayError(status, GatewayErrorTypes.InvalidRequest, $"Invalid URL ({context.Request.Method} {context.Request.Path})", "unknown_url"),
            < 500 => new GatewayError(status, GatewayErrorTypes.InvalidRequest, $"The request was rejected (HTTP {status}).", "bad_request"),
            _ => new GatewayError(status, GatewayErrorTypes.Server, $"The gateway could not process the request (HTTP {status}).", "gateway_error"),
        };
        return ErrorResponseWriter.WriteAsync(context, error);
    }
}
