namespace Gateway.Proxy.Admin.Http;

/// <summary>The admin API's errors, in OpenAI's shape; <c>param</c> is the JSON path of the field at fault.</summary>
internal static class AdminErrors
{
    public static readonly GatewayError NeedsDatabase = new(503, GatewayErrorTypes.Server,
        "The admin API needs a database: set ConnectionStrings:Gateway (ConnectionStrings__Gateway) and restart the gateway.",
        "admin_api_unavailable");

    public static readonly GatewayError NotAdmin = new(403, GatewayErrorTypes.Permission,
        "This API key may not use the admin API: it needs \"Admin\": true in the config file or an admin binding in the database.",
        "not_an_admin_key");

    public static readonly GatewayError GlobalOnly = new(403, GatewayErrorTypes.Permission,
        "Only a global admin key (a config key with \"Admin\": true) may do this.", "global_admin_required");

    public static readonly GatewayError DatabaseUnavailable = new(503, GatewayErrorTypes.Server,
        "The gateway's database is unavailable; retry later.",
        "database_unavailable")
    {
        RetryAfter = TimeSpan.FromSeconds(5),
    };

    public static readonly GatewayError MasterKeyMissing = new(503, GatewayErrorTypes.Server,
        "Provider credentials cannot be stored: no master key is configured (GATEWAY_MASTER_KEYS).", "master_key_missing");

    public static GatewayError OutOfScope(string what) => new(403, GatewayErrorTypes.Permission,
        $"This admin key does not administer {what}.", "outside_admin_scope");

    /// <summary>
    /// An id a scoped admin does not administer: the same words whether it belongs to another tenant or does not exist,
    /// so it tells nothing of what exists outside the caller's scopes.
    /// </summary>
    public static GatewayError NotVisible(string entity, string id, string? param = null) => new(403, GatewayErrorTypes.Permission,
        $"This admin key administers no {entity} with id '{id}'.", "outside_admin_scope", param);

    public static GatewayError NotFound(string entity, string id, string? param = null) => new(404, GatewayErrorTypes.NotFound,
        $"No {entity} with id '{id}'.", $"{entity}_not_found", param);

    public static GatewayError Invalid(string? param, string message, string code = "invalid_value") =>
        new(400, GatewayErrorTypes.InvalidRequest, message, code, param);

    public static GatewayError Conflict(string message, string? param) =>
        new(409, GatewayErrorTypes.InvalidRequest, message, "already_exists", param);
}
