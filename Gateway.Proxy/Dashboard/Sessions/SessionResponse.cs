using System.Text.Json.Serialization;

namespace Gateway.Proxy.Dashboard.Sessions;

/// <summary>
/// A dashboard session: who signed in (as <c>GET /admin/v1/me</c> says), when the session ends, and the CSRF token to
/// send in <c>X-CSRF-Token</c> with every change (null when the request was made with a key header, not the cookie).
/// </summary>
internal sealed record SessionResponse(
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("global")] bool Global,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("csrf_token")] string? CsrfToken)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object { get; } = "dashboard_session";
}
