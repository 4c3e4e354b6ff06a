namespace Gateway.Proxy.Admin.Credentials;

/// <summary>A provider whose credential stayed under its old master key, and why.</summary>
internal sealed record CredentialReencryptionFailureResponse(string ProviderId, string KeyId, string Reason);
