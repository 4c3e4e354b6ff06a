using System.Text.Json;

namespace Gateway.Data.Records;

/// <summary>
/// A provider as stored, without its credential: only which master key encrypted it, if any.
/// </summary>
public sealed record ProviderRecord(
    string Id,
    string Kind,
    string BaseUrl,
    string? Region,
    Scope Scope,
    JsonElement Settings,
    bool Enabled,
    string? CredentialKeyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool HasCredential => CredentialKeyId is not null;
}
