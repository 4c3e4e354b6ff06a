namespace Gateway.Proxy.Admin.Providers;

/// <summary>Body of <c>PUT /providers/{id}/credential</c>: the provider's API key, stored encrypted and never returned.</summary>
internal sealed record ProviderCredentialRequest([property: Required] string? Credential = null);
