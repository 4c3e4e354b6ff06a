using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Data.Records;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// A provider as the API shows it: whether it has a credential and which master key encrypted it, never the credential.
/// <c>restricted_egress</c> (read-only) is true when a scoped admin chose its base URL: the gateway then connects only
/// to public addresses for it, or to those the operator allows.
/// </summary>
internal sealed record ProviderResponse(
    string Id,
    string Kind,
    string BaseUrl,
    string? Region,
    string Scope,
    JsonElement Settings,
    bool Enabled,
    bool HasCredential,
    string? CredentialKeyId,
    bool AllowDirectModels,
    bool RestrictedEgress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonPropertyOrder(-1)]
    public string Object { get; } = "provider";

    public static ProviderResponse From(ProviderRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Kind, record.BaseUrl, record.Region, record.Scope.ToString(), record.Settings, record.Enabled,
            record.HasCredential, record.CredentialKeyId, record.AllowDirectModels, record.RestrictedEgress, record.CreatedAt, record.UpdatedAt);
    }
}
