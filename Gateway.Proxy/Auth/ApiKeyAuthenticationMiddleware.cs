using Gateway.Data.Security;
using Gateway.Policies.Keys;
using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Dashboard.Sessions;
using Gateway.Proxy.Errors;

namespace Gateway.Proxy.Auth;

/// <summary>
/// Resolves <c>Authorization: Bearer</c> (or <c>x-api-key</c>) on the API paths to a configured key by its
/// SHA-256, compared in constant time. The key itself is never stored, logged or echoed. On <c>/admin</c> the key
/// must also be an admin key (403 otherwise), and without a database the admin API answers 503; the <c>/v1</c>
/// path is tested first so the admin branch costs it nothing. A key that is not in the config and cannot be a
/// database key by its format is refused without a database lookup, and an address that keeps presenting bad keys
/// is refused (429) for a while (<see cref="AuthFailureThrottle"/>).
/// </summary>
internal sealed class ApiKeyAuthenticationMiddleware
{
    private static readonly GatewayError Missing = new(401, GatewayErrorTypes.InvalidRequest,
        "You didn't provide an API key. Provide it in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY) or in an x-api-key header.",
        "missing_api_key");

    private static readonly GatewayError Incorrect = new(401, GatewayErrorTypes.InvalidRequest,
        "Incorrect API key provided.", "invalid_api_key");

    private static readonly GatewayError DatabaseDown = new(503, GatewayErrorTypes.Upstream,
        "The key could not be checked: the gateway's database is unavailable. Keys from the config file still work.", "key_store_unavailable")
    {
        RetryAfter = TimeSpan.FromSeconds(5),
    };

    private readonly RequestDelegate _next;
    private readonly CatalogPublisher _catalog;
    private readonly DatabaseKeyStore? _databaseKeys;
    private readonly AdminAuthenticator? _admin;
    private readonly DashboardSessionAuthenticator? _sessions;
    private readonly AdminAuditor? _auditor;
    private readonly AuthFailureThrottle _throttle;
    private readonly AuthMetrics _metrics;

    public ApiKeyAuthenticationMiddleware(RequestDelegate next, CatalogPublisher catalog, AuthFailureThrottle throttle, AuthMetrics metrics, IServiceProvider services)
    {
        _next = next;
        _catalog = catalog;
        _throttle = throttle;
        _metrics = metrics;
        _databaseKeys = services.GetService<DatabaseKeyStore>();
        _admin = services.GetService<AdminAuthenticator>();
        _sessions = services.GetService<DashboardSessionAuthenticator>();
        _auditor = services.GetService<AdminAuditor>();
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Routing matches paths without regard to case, so must this: "/V1/CHAT/COMPLETIONS" reaches the chat endpoint.
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase))
        {
            return path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) ? AuthenticateAdminAsync(context) : _next(context);
        }

        if (_throttle.IsThrottled(context.Connection.RemoteIpAddress, out var retryAfter))
        {
            return Throttled(context, retryAfter);
        }
        var key = ReadKey(context.Request, out var header);
        if (key.IsEmpty)
        {
            return ErrorResponseWriter.WriteAsync(context, Missing);
        }
        var snapshot = _catalog.Current;
        var hash = ConnectionKeyHash.Of(context, header!, key);
        if (snapshot.Catalog.TryGetKey(hash, out var gatewayKey))
        {
            context.Features.Set(new CallerFeature(gatewayKey!, snapshot));
            return _next(context);
        }
        return _databaseKeys is null || !ApiKeySecrets.HasGeneratedFormat(key)
            ? RefuseIncorrect(context)
            : AuthenticateFromDatabaseAsync(context, hash, snapshot);
    }

    /// <summary>401 for a key that is not ours, counted against the caller's address.</summary>
    private Task RefuseIncorrect(HttpContext context)
    {
        _metrics.InvalidKey();
        _throttle.Failed(context.Connection.RemoteIpAddress);
        return ErrorResponseWriter.WriteAsync(context, Incorrect);
    }

    private Task Throttled(HttpContext context, TimeSpan retryAfter)
    {
        _metrics.Throttled();
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return ErrorResponseWriter.WriteAsync(context, new GatewayError(429, GatewayErrorTypes.RateLimit,
            $"Too many requests with an invalid API key from your address. Please try again in {seconds}s.", "too_many_authentication_failures")
        {
            RetryAfter = TimeSpan.FromSeconds(seconds),
        });
    }

    private async Task AuthenticateFromDatabaseAsync(HttpContext context, KeyHash hash, GatewaySnapshot snapshot)
    {
        if (await FindDatabaseKeyAsync(context, hash).ConfigureAwait(false) is not { } key)
        {
            return;
        }
        context.Features.Set(new CallerFeature(key, snapshot));
        await _next(context).ConfigureAwait(false);
    }

    /// <summary>The database key with <paramref name="hash"/>; null when there is none or the database is away, with that answered.</summary>
    private async Task<GatewayKey?> FindDatabaseKeyAsync(HttpContext context, KeyHash hash)
    {
        GatewayKey? key;
        try
        {
            key = await _databaseKeys!.FindAsync(hash, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await ErrorResponseWriter.WriteAsync(context, DatabaseDown).ConfigureAwait(false);
            return null;
        }
        if (key is null)
        {
            await RefuseIncorrect(context).ConfigureAwait(false);
        }
        return key;
    }

    private Task AuthenticateAdminAsync(HttpContext context)
    {
        if (_admin is null || _databaseKeys is null)
        {
            return ErrorResponseWriter.WriteAsync(context, AdminErrors.NeedsDatabase);
        }
        if (AdminRoutes.IsPublic(context.Request.Path))
        {
            return _next(context);
        }
        if (_throttle.IsThrottled(context.Connection.RemoteIpAddress, out var retryAfter))
        {
            return Throttled(context, retryAfter);
        }
        var key = ReadKey(context.Request);
        KeyHash hash;
        GatewayError? sessionError = null;
        if (!key.IsEmpty)
        {
            hash = KeyHash.Compute(key);
        }
        else if (_sessions is null || !_sessions.TryAuthenticate(context, out hash, out sessionError))
        {
            // No key header: the dashboard's session cookie (admin paths only) stands for the key that signed in.
            return ErrorResponseWriter.WriteAsync(context, sessionError ?? Missing);
        }
        if (_catalog.Current.Catalog.TryGetKey(hash, out var configKey))
        {
            return AuthorizeAdminAsync(context, configKey!, fromConfig: true);
        }
        // A session cookie carries a hash of a key that was ours when it signed in; a key header must look like one of ours.
        return key.IsEmpty || ApiKeySecrets.HasGeneratedFormat(key) ? AuthenticateAdminFromDatabaseAsync(context, hash) : RefuseIncorrect(context);
    }

    private async Task AuthenticateAdminFromDatabaseAsync(HttpContext context, KeyHash hash)
    {
        if (await FindDatabaseKeyAsync(context, hash).ConfigureAwait(false) is { } key)
        {
            await AuthorizeAdminAsync(context, key, fromConfig: false).ConfigureAwait(false);
        }
    }

    private async Task AuthorizeAdminAsync(HttpContext context, GatewayKey key, bool fromConfig)
    {
        GatewayError? refused;
        try
        {
            refused = await _admin!.AuthorizeAsync(context, key, fromConfig).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            refused = DatabaseDown;
        }
        if (refused is not null)
        {
            if (refused.StatusCode == StatusCodes.Status403Forbidden && _auditor is not null)
            {
                // A key that may not administer tried to: worth a line in the audit log.
                var actor = (fromConfig ? "config:" : "key:") + key.Id;
                await _auditor.RecordDeniedAsync(context, actor, AdminCaller.AddressText(context.Connection.RemoteIpAddress), refused).ConfigureAwait(false);
            }
            await ErrorResponseWriter.WriteAsync(context, refused).ConfigureAwait(false);
            return;
        }
        await _next(context).ConfigureAwait(false);
    }

    internal static ReadOnlySpan<char> ReadKey(HttpRequest request) => ReadKey(request, out _);

    /// <summary>The key, and in <paramref name="header"/> the header value it was read from (null when there is none).</summary>
    private static ReadOnlySpan<char> ReadKey(HttpRequest request, out string? header)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } bearer)
        {
            var value = bearer.AsSpan().Trim();
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                header = bearer;
                return value[7..].Trim();
            }
        }
        var apiKey = request.Headers["x-api-key"];
        header = apiKey.Count == 1 ? apiKey[0] : null;
        return header is null ? [] : header.AsSpan().Trim();
    }
}
