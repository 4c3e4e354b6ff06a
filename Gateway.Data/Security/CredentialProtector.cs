using System.Security.Cryptography;
using System.Text;

namespace Gateway.Data.Security;

/// <summary>
/// Encrypts provider credentials with AES-256-GCM under the ring's current master key. The associated data
/// binds each ciphertext to its provider id, so a ciphertext copied onto another provider's row fails to decrypt.
/// </summary>
public sealed class CredentialProtector
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private const string AssociatedDataPrefix = "gateway.provider-credential.v1:";

    private const string SecretSettingsDataPrefix = "gateway.provider-secret-settings.v1:";

    private readonly MasterKeyRing _keys;

    public CredentialProtector(MasterKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    /// <summary>True when a master key is configured, so credentials can be written.</summary>
    public bool CanProtect => _keys.CurrentKeyId is not null;

    public string? CurrentKeyId => _keys.CurrentKeyId;

    /// <exception cref="InvalidOperationException">No master key is configured.</exception>
    internal ProtectedCredential Protect(string providerId, string plaintext) => Protect(providerId, plaintext, ProtectedValue.Credential);

    /// <exception cref="InvalidOperationException">No master key is configured.</exception>
    internal ProtectedCredential Protect(string providerId, string plaintext, ProtectedValue kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerId);
        ArgumentNullException.ThrowIfNull(plaintext);
        var keyId = _keys.CurrentKeyId ?? throw new InvalidOperationException(
            $"Cannot store the credential of provider '{providerId}': no master key is configured. " +
            $"Set {MasterKeyRing.ConfigurationKey}=keyid:base64key with a 32-byte key (for example `openssl rand -base64 32`).");
        _keys.TryGetKey(keyId, out var key);

        var plain = Encoding.UTF8.GetBytes(plaintext);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[plain.Length];
        var tag = new byte[TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plain, ciphertext, tag, AssociatedData(providerId, kind));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }

        return new ProtectedCredential(ciphertext, nonce, tag, keyId);
    }

    /// <exception cref="CryptographicException">The key id is unknown, or the ciphertext was altered or belongs to another provider.</exception>
    internal string Unprotect(string providerId, ProtectedCredential credential) => Unprotect(providerId, credential, ProtectedValue.Credential);

    /// <exception cref="CryptographicException">The key id is unknown, or the ciphertext was altered, belongs to another provider or is another kind of value.</exception>
    internal string Unprotect(string providerId, ProtectedCredential credential, ProtectedValue kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerId);
        ArgumentNullException.ThrowIfNull(credential);
        if (!_keys.TryGetKey(credential.KeyId, out var key))
        {
            throw new CryptographicException(
                $"The credential of provider '{providerId}' was encrypted with master key '{credential.KeyId}', which {MasterKeyRing.ConfigurationKey} does not contain.");
        }

        var plain = new byte[credential.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(credential.Nonce.Span, credential.Ciphertext.Span, credential.Tag.Span, plain, AssociatedData(providerId, kind));
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] AssociatedData(string providerId, ProtectedValue kind) =>
        Encoding.UTF8.GetBytes((kind == ProtectedValue.SecretSettings ? SecretSettingsDataPrefix : AssociatedDataPrefix) + providerId);
}
