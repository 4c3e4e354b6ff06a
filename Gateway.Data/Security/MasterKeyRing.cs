using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Gateway.Data.Security;

/// <summary>
/// The master keys for credential encryption, from <c>GATEWAY_MASTER_KEYS</c> =
/// <c>keyid1:base64key1,keyid2:base64key2</c> (32-byte AES-256 keys). The first key encrypts; every key
/// decrypts, so a new key can be put first while credentials written under older ones stay readable.
/// Parse errors name the entry and key id, never key material.
/// </summary>
public sealed partial class MasterKeyRing
{
    public const string ConfigurationKey = "GATEWAY_MASTER_KEYS";
    public const int KeySizeBytes = 32;

    private readonly Dictionary<string, byte[]> _keys;

    private MasterKeyRing(Dictionary<string, byte[]> keys, string? currentKeyId)
    {
        _keys = keys;
        CurrentKeyId = currentKeyId;
    }

    public static MasterKeyRing Empty { get; } = new(new Dictionary<string, byte[]>(StringComparer.Ordinal), null);

    /// <summary>The id of the key new credentials are encrypted with; null when no key is configured.</summary>
    public string? CurrentKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public static MasterKeyRing FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Parse(configuration[ConfigurationKey]);
    }

    public static MasterKeyRing Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Empty;
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? current = null;
        var entries = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var index = 0; index < entries.Length; index++)
        {
            var (keyId, key) = ParseEntry(entries[index], index + 1);
            if (!keys.TryAdd(keyId, key))
            {
                throw new FormatException($"{ConfigurationKey}: key id '{keyId}' appears more than once.");
            }

            current ??= keyId;
        }

        return new MasterKeyRing(keys, current);
    }

    internal bool TryGetKey(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    private static (string KeyId, byte[] Key) ParseEntry(string entry, int position)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"{ConfigurationKey}: entry {position} is not keyid:base64key.");
        }

        var keyId = entry[..colon].Trim();
        if (!KeyIdPattern().IsMatch(keyId))
        {
            throw new FormatException($"{ConfigurationKey}: entry {position} has an invalid key id (letters, digits, '.', '_', '-'; at most 64).");
        }

        var buffer = new byte[KeySizeBytes];
        if (!Convert.TryFromBase64String(entry[(colon + 1)..].Trim(), buffer, out var written) || written != KeySizeBytes)
        {
            throw new FormatException($"{ConfigurationKey}: key '{keyId}' must be {KeySizeBytes} bytes in base64 (for example from `openssl rand -base64 32`).");
        }

        return (keyId, buffer);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyIdPattern();
}
