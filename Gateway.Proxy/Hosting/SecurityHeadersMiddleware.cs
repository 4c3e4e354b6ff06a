namespace Gateway.Proxy.Hosting;

/// <summary>
/// Puts <see cref="SecurityHeadersOptions"/>' headers on every answer, the gateway's own and the providers' relayed ones
/// alike: written as the response starts, so they win over anything copied from upstream. Answers are per caller and
/// hold usage and keys' data, so nothing may be cached; the admin API's documentation page and the dashboard's static
/// files (which say themselves how long they keep: hashed assets for good, the page never unchecked) are the exceptions.
/// </summary>
internal sealed class SecurityHeadersMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IOptionsMonitor<SecurityHeadersOptions> _options;
    private HstsHeader? _hsts;

    public SecurityHeadersMiddleware(RequestDelegate next, IOptionsMonitor<SecurityHeadersOptions> options)
    {
        _next = next;
        _options = options;
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (self, context) = ((SecurityHeadersMiddleware, HttpContext))state;
            self.Write(context);
            return Task.CompletedTask;
        }, (this, context));
        return _next(context);
    }

    private void Write(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var path = context.Request.Path;
        if (!path.StartsWithSegments(Admin.Hosting.AdminRoutes.Docs, StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments(Dashboard.Assets.DashboardAssetEndpoints.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            headers.CacheControl = "no-store";
        }
        if (context.Request.IsHttps && HstsValue() is { } hsts)
        {
            headers.StrictTransportSecurity = hsts;
        }
    }

    /// <summary>The header's value for the options in force, built once per change of them; null when off.</summary>
    private string? HstsValue()
    {
        var options = _options.CurrentValue;
        var cached = Volatile.Read(ref _hsts);
        if (cached is not null && ReferenceEquals(cached.Options, options))
        {
            return cached.Value;
        }
        var value = options.Hsts
            ? string.Create(CultureInfo.InvariantCulture, $"max-age={options.HstsMaxAgeSeconds}{(options.HstsIncludeSubDomains ? "; includeSubDomains" : "")}")
            : null;
        Volatile.Write(ref _hsts, new HstsHeader(options, value));
        return value;
    }

    private sealed record HstsHeader(SecurityHeadersOptions Options, string? Value);
}
