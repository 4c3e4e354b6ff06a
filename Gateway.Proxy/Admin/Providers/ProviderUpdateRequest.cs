using System.Text.Json;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// Body of replacing a provider's fields (all but its id and credential; the credential has its own
/// <c>PUT /providers/{id}/credential</c>, so a replace cannot drop it by omission).
/// </summary>
internal sealed record ProviderUpdateRequest(
    string? Kind, string? BaseUrl, string? Scope, string? Region, JsonElement? Settings, bool? Enabled, string? Credential);
