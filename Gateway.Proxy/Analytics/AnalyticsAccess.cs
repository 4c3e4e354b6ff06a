using Gateway.Data.Usage;
using Gateway.Proxy.Admin.Auth;
using Gateway.Transforms.Errors;

namespace Gateway.Proxy.Analytics;

/// <summary>
/// Who may read analytics: global admins only (they span every tenant; a tenant's admin gets 403), and only with a
/// database. The admin authentication in front of <c>/admin</c> has already refused missing (401) and non-admin (403) keys.
/// </summary>
internal static class AnalyticsAccess
{
    public static readonly GatewayError NoDatabase = new(503, GatewayErrorTypes.Upstream,
        "Usage analytics need the gateway's database, which is not configured (or usage storage is turned off).", "analytics_unavailable");

    private static readonly GatewayError NotAuthenticated = GatewayError.Unauthorized("An admin API key is required.");

    private static readonly GatewayError NotGlobalAdmin = new(403, GatewayErrorTypes.Permission,
        "Usage analytics span every tenant; a global admin key is required.", "admin_key_required");

    /// <summary>The repository when the caller is an admin and a database is configured; otherwise the error to answer.</summary>
    public static UsageAnalyticsRepository? Admin(HttpContext context, out GatewayError? error)
    {
        var caller = context.Features.Get<AdminCaller>();
        if (caller is null)
        {
            error = NotAuthenticated;
            return null;
        }
        if (!caller.IsGlobal)
        {
            error = NotGlobalAdmin;
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
