using Gateway.Proxy.Errors;

namespace Gateway.Proxy.Admin.Http;

/// <summary>An <see cref="IResult"/> that writes a <see cref="GatewayError"/> in OpenAI's error shape.</summary>
internal sealed class AdminErrorResult : IResult
{
    public AdminErrorResult(GatewayError error)
    {
        Error = error;
    }

    public GatewayError Error { get; }

    public Task ExecuteAsync(HttpContext httpContext) => ErrorResponseWriter.WriteAsync(httpContext, Error);
}
