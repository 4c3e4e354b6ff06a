using Gateway.Data.Usage;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Http;

namespace Gateway.Proxy.Analytics;

/// <summary>
/// The filter of an analytics or request-log query: <c>scope</c> (<c>org:ID</c>, <c>team:ID</c>, <c>environment:ID</c>),
/// decided by the admin API's own rule for lists — optional for a global admin, required for a scoped one and only
/// within its scopes — plus equal <c>model</c>, <c>served_model</c>, <c>provider</c> and <c>key</c> values.
/// </summary>
internal static class AnalyticsFilter
{
    private const int MaxValueLength = 256;

    /// <summary>The filter, or null with <paramref name="error"/> set (400 for a bad value, 403/404 for a scope the caller may not read).</summary>
    public static async Task<(UsageFilter? Filter, GatewayError? Error)> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        Scope? scope;
        try
        {
            var access = context.RequestServices.GetRequiredService<AdminAccess>();
            scope = await access.ListScopeAsync(context.AdminCaller(), Optional(query, "scope"), context.RequestAborted).ConfigureAwait(false);
        }
        catch (AdminProblemException ex)
        {
            return (null, ex.Error);
        }
        if (scope is { Kind: ScopeKind.Global })
        {
            // Usage is recorded against tenants; "global" as a filter would only mean config-file keys, so it is refused rather than guessed.
            return (null, GatewayError.InvalidRequest("'scope' must be org:ID, team:ID or environment:ID (leave it out for every tenant).", "scope", "invalid_value"));
        }
        foreach (var name in (string[])["model", "served_model", "provider", "key"])
        {
            if (Optional(query, name) is { Length: > MaxValueLength })
            {
                return (null, GatewayError.InvalidRequest($"'{name}' may be at most {MaxValueLength} characters.", name, "invalid_value"));
            }
        }
        return (new UsageFilter
        {
            OrgId = scope?.OrganizationId,
            TeamId = scope?.TeamId,
            EnvironmentId = scope?.EnvironmentId,
            Model = Optional(query, "model"),
            ServedModel = Optional(query, "served_model"),
            Provider = Optional(query, "provider"),
            KeyRef = Optional(query, "key") is { } key ? (key.StartsWith("config:", StringComparison.Ordinal) ? key : UsageAnalyticsRepository.KeyRef(key)) : null,
        }, null);
    }

    private static string? Optional(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && value.Count == 1 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
}
