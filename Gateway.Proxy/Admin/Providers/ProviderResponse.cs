using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Data.Records;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>A provider as the API shows it: whether it has a credential and which master key encrypted it, never the credential.</summary>
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
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonPropertyOrder(-1)]
    public string Object { get; } = "provider";

    public static ProviderResponse From(ProviderRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Kind, record.BaseUrl, record.Region, record.Scope.ToString(), record.Settings, record.Enabled,
            record.HasCredential, record.CredentialKeyId, record.CreatedAt, record.UpdatedAt);
    }
}
