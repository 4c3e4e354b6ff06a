using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// Body of creating a provider account. <c>credential</c> (the provider's API key) is write-only: stored encrypted,
/// never returned. <c>settings</c> holds kind-specific, non-secret settings (Anthropic's <c>AnthropicVersion</c>, ...).
/// <c>allow_direct_models</c> (default true) lets keys that may do so address it as <c>provider/model</c>.
/// </summary>
internal sealed record ProviderRequest(
    [property: Required] string? Id = null,
    [property: Required] string? Kind = null,
    [property: Required] string? BaseUrl = null,
    [property: Required] string? Scope = null,
    string? Region = null,
    JsonElement? Settings = null,
    bool? Enabled = null,
    string? Credential = null,
    bool? AllowDirectModels = null);
