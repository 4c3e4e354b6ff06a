namespace Gateway.Data.Security;

/// <summary>
/// Which of a provider's encrypted values a ciphertext is: each is bound to its provider id and its kind, so neither can
/// be copied onto another provider's row or into the other's columns.
/// </summary>
internal enum ProtectedValue
{
    /// <summary>The API key or token (<c>credential_*</c> columns).</summary>
    Credential,

    /// <summary>The settings the adapter declares secret, as one JSON object (<c>secret_settings_*</c> columns).</summary>
    SecretSettings,
}
