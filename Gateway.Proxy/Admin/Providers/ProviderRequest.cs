using System.Text.Json;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// Body of creating a provider account. <c>credential</c> (the provider's API key) is write-only: stored encrypted,
/// never returned. <c>settings</c> holds kind-specific, non-secret settings (Anthropic's <c>AnthropicVersion</c>, ...).
/// </summary>
internal sealed record ProviderRequest(
    string? Id, string? Kind, string? BaseUrl, string? Scope, string? Region, JsonElement? Settings, bool? Enabled, string? Credential);
