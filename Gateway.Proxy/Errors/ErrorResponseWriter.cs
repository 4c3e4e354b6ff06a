using Gateway.Proxy.Kinds;

namespace Gateway.Proxy.Errors;

/// <summary>
/// Writes a <see cref="GatewayError"/> as the response, in OpenAI's error shape, or in the shape of the endpoint kind whose
/// path the request is on (<see cref="EndpointKind.FormatError"/>: Anthropic's on <c>/v1/messages</c>).
/// </summary>
internal static class ErrorResponseWriter
{
    public static Task WriteAsync(HttpContext context, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }
        Tracing.RequestSpans.Refused(error);
        var (status, body) = context.RequestServices?.GetService<EndpointKindRegistry>()?.ForPath(context.Request.Path)?.FormatError(error)
            ?? (error.StatusCode, OpenAiErrorWriter.ToUtf8(error));
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return response.Body.WriteAsync(body).AsTask();
    }
}
