using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// Body of replacing a provider's fields (all but its id and credential; the credential has its own
/// <c>PUT /providers/{id}/credential</c>, so a replace cannot drop it by omission).
/// </summary>
internal sealed record ProviderUpdateRequest(
    [property: Required] string? Kind = null,
    [property: Required] string? BaseUrl = null,
    [property: Required] string? Scope = null,
    string? Region = null,
    JsonElement? Settings = null,
    bool? Enabled = null,
    string? Credential = null);
