namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// The write-only part of a provider write: the credential and the settings the adapter declares secret, stored
/// encrypted and never returned or audited. Null <see cref="SecretSettings"/> means none were given.
/// </summary>
internal sealed record ProviderSecrets(string? Credential, IReadOnlyDictionary<string, string>? SecretSettings);
