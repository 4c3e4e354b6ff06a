using Gateway.Policies.Keys;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Dashboard.Hosting;
using Gateway.Proxy.Admin.Http;

namespace Gateway.Proxy.Dashboard.Sessions;

/// <summary>
/// <c>/admin/v1/session</c>: the dashboard's sign-in. <c>POST</c> with an admin key in <c>Authorization: Bearer</c>
/// (authenticated like any admin request) answers the session and sets it as an HttpOnly, SameSite=Strict cookie on
/// <c>/admin</c>, so the page never keeps the key; <c>GET</c> answers the current session again (a reloaded page gets
/// its CSRF token back); <c>DELETE</c> signs out. The cookie holds the key's hash, not the key, signed by the gateway.
/// </summary>
internal static class DashboardSessionEndpoints
{
    public const string Path = "/admin/v1/session";

    private static readonly GatewayError KeyRequired = GatewayError.InvalidRequest(
        "Sign in with an admin key in the Authorization header (Bearer KEY), not with a session.", null, "admin_key_required");

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, SignIn);
        endpoints.MapGet(Path, Current);
        endpoints.MapDelete(Path, SignOut);
    }

    private static IResult SignIn(HttpContext context, DashboardSessionCodec codec, IOptionsMonitor<DashboardOptions> options, TimeProvider time)
    {
        var key = ApiKeyAuthenticationMiddleware.ReadKey(context.Request);
        if (key.IsEmpty || context.Features.Get<DashboardSessionFeature>() is not null)
        {
            return new AdminErrorResult(KeyRequired);
        }
        var current = options.CurrentValue;
        var session = DashboardSessionCodec.Create(KeyHash.Compute(key), time.GetUtcNow(), TimeSpan.FromMinutes(current.SessionMinutes));
        context.Response.Cookies.Append(DashboardSessionAuthenticator.CookieName, codec.Encode(session), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = current.SecureCookie || context.Request.IsHttps,
            Path = DashboardSessionAuthenticator.CookiePath,
            Expires = session.ExpiresAt,
            MaxAge = session.ExpiresAt - session.IssuedAt,
            IsEssential = true,
        });
        context.Response.Headers.CacheControl = "no-store";
        return Results.Ok(Describe(context.AdminCaller(), session, codec));
    }

    private static IResult Current(HttpContext context, DashboardSessionCodec codec)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Ok(Describe(context.AdminCaller(), context.Features.Get<DashboardSessionFeature>()?.Session, codec));
    }

    private static IResult SignOut(HttpContext context, IOptionsMonitor<DashboardOptions> options)
    {
        context.Response.Cookies.Delete(DashboardSessionAuthenticator.CookieName, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = options.CurrentValue.SecureCookie || context.Request.IsHttps,
            Path = DashboardSessionAuthenticator.CookiePath,
        });
        return Results.NoContent();
    }

    private static SessionResponse Describe(AdminCaller caller, DashboardSession? session, DashboardSessionCodec codec) =>
        new(caller.Actor, caller.IsGlobal, caller.Scopes.Select(scope => scope.ToString()).ToArray(), session?.ExpiresAt,
            session is null ? null : codec.CsrfToken(session));
}
