using Gateway.Proxy.Logging;

namespace Gateway.Proxy.Errors;

/// <summary>
/// The last line of defence, so every error answer has OpenAI's shape: a request the server itself rejects (a broken
/// chunked body, an oversized chunk, a body that stops arriving) gets the server's 4xx; a framework's bodiless error
/// (405, an endpoint's bare status) gets a body (<see cref="StatusCodeErrorPages"/>); anything else unexpected is logged
/// and answered with a 500 that reveals nothing. One middleware rather than ASP.NET's status-code pages as well: that
/// one's feature, endpoint metadata look-ups and frame cost ~2 µs on every request for a check that is four reads.
/// </summary>
internal sealed class GatewayErrorMiddleware(RequestDelegate next, ILogger<GatewayErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
            if (IsBodilessError(context.Response))
            {
                await StatusCodeErrorPages.WriteAsync(context).ConfigureAwait(false);
            }
        }
        catch (BadHttpRequestException ex)
        {
            await WriteIfPossibleAsync(context, new GatewayError(ex.StatusCode, GatewayErrorTypes.InvalidRequest,
                $"The request could not be read: {ex.Message}", "bad_request")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception ex) when (ex is IOException && context.RequestAborted.IsCancellationRequested)
        {
            // Likewise: the connection is gone.
        }
#pragma warning disable CA1031 // The point of this middleware is to catch everything.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            GatewayLog.UnhandledException(logger, ex, context.Request.Method, context.Request.Path.Value ?? string.Empty);
            await WriteIfPossibleAsync(context, new GatewayError(500, GatewayErrorTypes.Server,
                "The gateway had an internal error processing the request.", "internal_error")).ConfigureAwait(false);
        }
    }

    /// <summary>The status-code pages' test: an error status, nothing sent yet, and no body announced.</summary>
    private static bool IsBodilessError(HttpResponse response) =>
        response.StatusCode is >= 400 and < 600 && !response.HasStarted && response.ContentLength is null
        && string.IsNullOrEmpty(response.ContentType);

    private static Task WriteIfPossibleAsync(HttpContext context, GatewayError error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        context.Response.Clear();
        return ErrorResponseWriter.WriteAsync(context, error);
    }
}
