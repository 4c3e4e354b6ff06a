using Gateway.Data.Usage;
using Gateway.Proxy.Admin.Auth;

namespace Gateway.Proxy.Analytics;

/// <summary>
/// Who may read analytics: admins, with a database. A scoped admin reads only its scopes (<see cref="AnalyticsFilter"/>
/// applies the admin API's list rule). The admin authentication in front of <c>/admin</c> has already refused missing
/// (401) and non-admin (403) keys.
/// </summary>
internal static class AnalyticsAccess
{
    public static readonly GatewayError NoDatabase = new(503, GatewayErrorTypes.Upstream,
        "Usage analytics need the gateway's database, which is not configured (or usage storage is turned off).", "analytics_unavailable");

    private static readonly GatewayError NotAuthenticated = GatewayError.Unauthorized("An admin API key is required.");

    /// <summary>The repository when the caller is an admin and a database is configured; otherwise the error to answer.</summary>
    public static UsageAnalyticsRepository? Admin(HttpContext context, out GatewayError? error)
    {
        var caller = context.Features.Get<AdminCaller>();
        if (caller is null)
        {
            error = NotAuthenticated;
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
