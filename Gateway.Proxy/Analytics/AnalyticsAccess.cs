using Gateway.Data.Usage;
using Gateway.Proxy.Auth;
using Gateway.Transforms.Errors;

namespace Gateway.Proxy.Analytics;

/// <summary>Who may read analytics: admin keys only (401 without a key, 403 with another), and only with a database.</summary>
internal static class AnalyticsAccess
{
    public static readonly GatewayError NoDatabase = new(503, GatewayErrorTypes.Upstream,
        "Usage analytics need the gateway's database, which is not configured (or usage storage is turned off).", "analytics_unavailable");

    private static readonly GatewayError NotAuthenticated = GatewayError.Unauthorized("An admin API key is required.");

    private static readonly GatewayError NotAdmin = new(403, GatewayErrorTypes.Permission,
        "This API key may not read usage analytics; an admin key is required.", "admin_key_required");

    /// <summary>The repository when the caller is an admin and a database is configured; otherwise the error to answer.</summary>
    public static UsageAnalyticsRepository? Admin(HttpContext context, out GatewayError? error)
    {
        var caller = context.Features.Get<CallerFeature>();
        if (caller is null)
        {
            error = NotAuthenticated;
            return null;
        }
        if (!caller.Key.IsAdmin)
        {
            error = NotAdmin;
            return null;
        }
        return Repository(context, out error);
    }

    public static UsageAnalyticsRepository? Repository(HttpContext context, out GatewayError? error)
    {
        var repository = context.RequestServices.GetService<UsageAnalyticsRepository>();
        error = repository is null ? NoDatabase : null;
        return repository;
    }
}
