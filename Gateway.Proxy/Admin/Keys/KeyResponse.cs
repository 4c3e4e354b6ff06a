using System.Text.Json.Serialization;
using Gateway.Data.Keys;

namespace Gateway.Proxy.Admin.Keys;

/// <summary>
/// A key as the API shows it: its display prefix, never its secret or hash. <c>status</c> is active, revoked or
/// expired; <c>bindings</c> appear on single reads, not in lists.
/// </summary>
internal sealed record KeyResponse(
    Guid Id,
    string Name,
    string Prefix,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt,
    string? Region,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<KeyBindingResponse>? Bindings) : ApiObject("api_key")
{
    public static KeyResponse From(ApiKeyRecord record, DateTimeOffset now, IReadOnlyList<ApiKeyBindingRecord>? bindings = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var status = record.RevokedAt is not null ? "revoked" : record.IsActiveAt(now) ? "active" : "expired";
        return new(record.Id, record.Name, record.Prefix, status, record.CreatedAt, record.ExpiresAt, record.RevokedAt, record.LastUsedAt, record.Region,
            bindings?.Select(KeyBindingResponse.From).ToArray());
    }
}
