using System.Text.Json;
using Gateway.Policies.Tenancy;

namespace Gateway.Data.Records;

/// <summary>
/// A provider as stored, without its credential: only which master key encrypted it, if any.
/// <paramref name="RestrictedEgress"/> is set when a scoped (tenant) admin chose its base URL: the gateway then connects
/// only to public addresses for it.
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
    DateTimeOffset UpdatedAt,
    bool AllowDirectModels,
    bool RestrictedEgress)
{
    public bool HasCredential => CredentialKeyId is not null;
}
