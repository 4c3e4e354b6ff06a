namespace Gateway.Data.Security;

/// <summary>A provider whose credential could not be re-encrypted, and why (never the credential).</summary>
public sealed record CredentialReencryptionFailure(string ProviderId, string KeyId, string Reason);
