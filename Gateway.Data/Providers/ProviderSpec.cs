namespace Gateway.Data.Providers;

/// <summary>
/// A provider account to create or update. <paramref name="BaseUrl"/> is the provider's documented API root;
/// <paramref name="Settings"/> (a JSON object) holds kind-specific, non-secret settings; null means empty (secret ones go
/// to the repository beside the credential, encrypted). <paramref name="Region"/> is the region of <paramref name="BaseUrl"/>;
/// <paramref name="BaseUrls"/> and <paramref name="RegionalBaseUrls"/> further roots; <paramref name="HealthCheck"/> the
/// active probe (a JSON object: enabled, path, interval_seconds, timeout_seconds, failure_threshold).
/// <paramref name="AllowDirectModels"/>: clients may address it as <c>provider/model</c> (keys must be allowed to as well).
/// <paramref name="RestrictedEgress"/>: a scoped (tenant) admin writes it, so the gateway may connect only to public
/// addresses for it (see <see cref="Repositories.ProviderRepository.UpdateAsync"/> for how an update keeps the flag).
/// </summary>
public sealed record ProviderSpec(
    string Id,
    string Kind,
    string BaseUrl,
    Scope Scope,
    string? Region = null,
    JsonElement? Settings = null,
    bool Enabled = true,
    bool AllowDirectModels = true,
    bool RestrictedEgress = false,
    IReadOnlyList<string>? BaseUrls = null,
    IReadOnlyDictionary<string, string>? RegionalBaseUrls = null,
    JsonElement? HealthCheck = null,
    double? TimeoutSeconds = null)
{
    /// <summary>Every URL the provider's credential and secret settings go to: they belong to these.</summary>
    public IEnumerable<string> AllUrls() => [BaseUrl, .. BaseUrls ?? [], .. RegionalBaseUrls?.Values ?? []];
}
