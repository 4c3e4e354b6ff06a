using Gateway.Policies.Keys;
using Gateway.Proxy.Analytics;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Errors;
using Gateway.Transforms.Errors;

namespace Gateway.Proxy.Auth;

/// <summary>
/// Resolves <c>Authorization: Bearer</c> (or <c>x-api-key</c>) on the API paths (and the analytics part of the admin API) to a configured key by its
/// SHA-256, compared in constant time. The key itself is never stored, logged or echoed.
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

    public ApiKeyAuthenticationMiddleware(RequestDelegate next, CatalogPublisher catalog, IServiceProvider services)
    {
        _next = next;
        _catalog = catalog;
        _databaseKeys = services.GetService<DatabaseKeyStore>();
    }

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v1", StringComparison.Ordinal) && !path.StartsWithSegments("/api/v1", StringComparison.Ordinal)
            && !path.StartsWithSegments(AnalyticsEndpoints.Prefix, StringComparison.Ordinal))
        {
            return _next(context);
        }

        var key = ReadKey(context.Request);
        if (key.IsEmpty)
        {
            return ErrorResponseWriter.WriteAsync(context, Missing);
        }
        var snapshot = _catalog.Current;
        var hash = KeyHash.Compute(key);
        if (snapshot.Catalog.TryGetKey(hash, out var gatewayKey))
        {
            context.Features.Set(new CallerFeature(gatewayKey!, snapshot));
            return _next(context);
        }
        return _databaseKeys is null
            ? ErrorResponseWriter.WriteAsync(context, Incorrect)
            : AuthenticateFromDatabaseAsync(context, hash, snapshot);
    }

    private async Task AuthenticateFromDatabaseAsync(HttpContext context, KeyHash hash, GatewaySnapshot snapshot)
    {
        GatewayKey? key;
        try
        {
            key = await _databaseKeys!.FindAsync(hash, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await ErrorResponseWriter.WriteAsync(context, DatabaseDown).ConfigureAwait(false);
            return;
        }
        if (key is null)
        {
            await ErrorResponseWriter.WriteAsync(context, Incorrect).ConfigureAwait(false);
            return;
        }
        context.Features.Set(new CallerFeature(key, snapshot));
        await _next(context).ConfigureAwait(false);
    }

    private static ReadOnlySpan<char> ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } header)
        {
            var value = header.AsSpan().Trim();
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return value[7..].Trim();
            }
        }
        var apiKey = request.Headers["x-api-key"];
        return apiKey.Count == 1 && apiKey[0] is { } direct ? direct.AsSpan().Trim() : [];
    }
}
