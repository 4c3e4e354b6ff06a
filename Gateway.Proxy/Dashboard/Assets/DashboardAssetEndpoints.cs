using Gateway.Proxy.Errors;
using Microsoft.Net.Http.Headers;

namespace Gateway.Proxy.Dashboard.Assets;

/// <summary>
/// Serves the dashboard at <c>/dashboard/</c> from <see cref="DashboardAssets"/>: every file from the gateway itself (no
/// CDN), the page under a Content-Security-Policy that allows only this origin, validators for cheap reloads, and
/// <c>index.html</c> for any path without a file extension (the page's own routes).
/// </summary>
internal static class DashboardAssetEndpoints
{
    public const string Prefix = "/dashboard";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly GatewayError NotBuilt = new(404, GatewayErrorTypes.NotFound,
        "This gateway was built without its dashboard (dotnet build -p:DashboardBuild=false with no earlier build of dashboard/).",
        "dashboard_not_built");

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Also matches /dashboard itself, which is sent to /dashboard/ so the page's relative URLs resolve.
        endpoints.MapMethods(Prefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], ServeAsync);
    }

    private static Task ServeAsync(HttpContext context, DashboardAssets assets, string? path)
    {
        if (!context.Request.Path.Value!.EndsWith('/') && string.IsNullOrEmpty(path))
        {
            context.Response.Redirect(Prefix + "/" + context.Request.QueryString);
            return Task.CompletedTask;
        }
        if (!assets.Built)
        {
            return ErrorResponseWriter.WriteAsync(context, NotBuilt);
        }
        path = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!assets.TryGet(path, out var asset))
        {
            if (System.IO.Path.HasExtension(path) || !assets.TryGet("index.html", out asset))
            {
                return ErrorResponseWriter.WriteAsync(context, new GatewayError(404, GatewayErrorTypes.NotFound,
                    "No such dashboard file.", "not_found"));
            }
        }
        return WriteAsync(context, asset!);
    }

    private static Task WriteAsync(HttpContext context, DashboardAsset asset)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = asset.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (asset.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
        }
        if (asset.Gzip is not null)
        {
            headers.Vary = HeaderNames.AcceptEncoding;
        }
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.ContentType = asset.ContentType;
        var body = asset.Content;
        if (asset.Gzip is { } gzip && AcceptsGzip(context.Request))
        {
            headers.ContentEncoding = "gzip";
            body = gzip;
        }
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            if (value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
