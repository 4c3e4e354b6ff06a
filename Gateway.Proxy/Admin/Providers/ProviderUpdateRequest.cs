namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// Body of replacing a provider's fields (all but its id). The stored credential belongs to the URL it was given for:
/// it is kept while <c>base_url</c> and <c>kind</c> stay as they are, and removed when either changes, unless
/// <c>credential</c> gives the one for the new address in the same request (it replaces the stored one either way).
/// Secret settings follow the same rule: kept while the kind and every URL stay, replaced as a set when any is given.
/// A create's body (<see cref="ProviderRequest"/>) is this one with the id.
/// </summary>
internal record ProviderUpdateRequest(
    [property: Required] string? Kind = null,
    [property: Required] string? BaseUrl = null,
    [property: Required] string? Scope = null,
    string? Region = null,
    JsonElement? Settings = null,
    bool? Enabled = null,
    string? Credential = null,
    bool? AllowDirectModels = null,
    IReadOnlyList<string?>? BaseUrls = null,
    Dictionary<string, string?>? RegionalBaseUrls = null,
    ProviderHealthCheckRequest? HealthCheck = null,
    double? TimeoutSeconds = null);
