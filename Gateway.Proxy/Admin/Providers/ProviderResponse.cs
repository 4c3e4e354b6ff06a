using Gateway.Data.Providers;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// A provider as the API shows it: whether it has a credential and which master key encrypted it, never the credential;
/// the names of its secret settings (<c>secret_settings</c>), never their values. <c>restricted_egress</c> (read-only) is
/// true when a scoped admin chose its base URL: the gateway then connects only to public addresses for it, or to those
/// the operator allows. <c>health_check</c> is null when the provider is not probed.
/// </summary>
internal sealed record ProviderResponse(
    string Id,
    string Kind,
    string BaseUrl,
    IReadOnlyList<string> BaseUrls,
    JsonElement RegionalBaseUrls,
    string? Region,
    string Scope,
    JsonElement Settings,
    IReadOnlyList<string> SecretSettings,
    JsonElement? HealthCheck,
    double? TimeoutSeconds,
    bool Enabled,
    bool HasCredential,
    string? CredentialKeyId,
    bool AllowDirectModels,
    bool RestrictedEgress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : ApiObject("provider")
{
    public static ProviderResponse From(ProviderRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var healthCheck = record.HealthCheck.ValueKind == JsonValueKind.Object && record.HealthCheck.EnumerateObject().Any() ? record.HealthCheck : (JsonElement?)null;
        return new(record.Id, record.Kind, record.BaseUrl, record.BaseUrls, record.RegionalBaseUrls, record.Region, record.Scope.ToString(), record.Settings,
            record.SecretSettingNames, healthCheck, record.TimeoutSeconds, record.Enabled, record.HasCredential, record.CredentialKeyId,
            record.AllowDirectModels, record.RestrictedEgress, record.CreatedAt, record.UpdatedAt);
    }
}
