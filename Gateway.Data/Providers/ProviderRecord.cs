namespace Gateway.Data.Providers;

/// <summary>
/// A provider as stored, without its credential and secret settings: only which master key encrypted the credential,
/// if any, and the names of the secret settings. <paramref name="Region"/> is the region of <paramref name="BaseUrl"/>
/// (destination affinity, as a key's region); <paramref name="BaseUrls"/> are further roots of the same account,
/// <paramref name="RegionalBaseUrls"/> roots by region (a JSON object), <paramref name="HealthCheck"/> the active probe
/// (an empty object for none).
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
    bool RestrictedEgress,
    IReadOnlyList<string> BaseUrls,
    JsonElement RegionalBaseUrls,
    JsonElement HealthCheck,
    double? TimeoutSeconds,
    IReadOnlyList<string> SecretSettingNames)
{
    public bool HasCredential => CredentialKeyId is not null;
}
