using Gateway.Policies.Keys;

namespace Gateway.Proxy.Dashboard.Sessions;

/// <summary>
/// Reads the dashboard's session cookie on an <c>/admin</c> request that carries no key header, and requires the CSRF
/// token on every request that may change something. The key hash it yields goes through the same admin
/// authentication as a key would, so a session can do exactly what its key can, and nothing once the key is revoked.
/// Key headers win over the cookie and need no CSRF token (a cross-site page cannot set them).
/// </summary>
internal sealed class DashboardSessionAuthenticator(DashboardSessionCodec codec, TimeProvider time)
{
    public const string CookieName = "gateway_dashboard";

    public const string CookiePath = "/admin";

    public const string CsrfHeader = "X-CSRF-Token";

    private static readonly GatewayError Expired = new(401, GatewayErrorTypes.Authentication,
        "The dashboard session has expired or is not valid; sign in again with an admin key.", "session_expired");

    private static readonly GatewayError CsrfMissing = new(403, GatewayErrorTypes.Permission,
        $"A change made with the dashboard's session cookie needs its CSRF token in the {CsrfHeader} header.", "csrf_token_invalid");

    /// <summary>
    /// True with the session's key hash when the request carries a valid session (and, for a write, its CSRF token).
    /// False with a null error when there is no cookie at all (the caller answers "no key"), else with the error.
    /// </summary>
    public bool TryAuthenticate(HttpContext context, out KeyHash keyHash, out GatewayError? error)
    {
        ArgumentNullException.ThrowIfNull(context);
        keyHash = default;
        error = null;
        if (!context.Request.Cookies.TryGetValue(CookieName, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return false;
        }
        var session = codec.Decode(cookie, time.GetUtcNow());
        if (session is null)
        {
            error = Expired;
            return false;
        }
        if (!IsSafe(context.Request.Method) && !codec.IsCsrfTokenValid(session, context.Request.Headers[CsrfHeader].ToString()))
        {
            error = CsrfMissing;
            return false;
        }
        context.Features.Set(new DashboardSessionFeature(session));
        keyHash = session.KeyHash;
        return true;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}
