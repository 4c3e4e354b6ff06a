using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Data.Security;

/// <summary>
/// API key secrets: <c>gw-</c> and 40 URL-safe random characters (about 238 bits), stored only as their
/// SHA-256 and an 8-character display prefix. The proxy hashes a presented key with <see cref="Hash"/> to look it up.
/// </summary>
public static class ApiKeySecrets
{
    public const string Marker = "gw-";
    public const int RandomLength = 40;
    public const int PrefixLength = 8;

    private const string UrlSafeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly SearchValues<char> UrlSafe = SearchValues.Create(UrlSafeAlphabet);

    public static string Generate() => Marker + RandomNumberGenerator.GetString(UrlSafeAlphabet, RandomLength);

    /// <summary>
    /// Whether <paramref name="secret"/> could be one <see cref="Generate"/> made (marker, length, alphabet): a key
    /// that cannot is not looked up in the database at all.
    /// </summary>
    public static bool HasGeneratedFormat(ReadOnlySpan<char> secret) =>
        secret.Length == Marker.Length + RandomLength
        && secret.StartsWith(Marker, StringComparison.Ordinal)
        && !secret[Marker.Length..].ContainsAnyExcept(UrlSafe);

    /// <summary>SHA-256 of the secret's UTF-8 bytes; a fast hash suffices because the secret is random, not a password.</summary>
    public static byte[] Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Lower-case hex, as the <c>gateway_key_revoked</c> notification carries a hash.</summary>
    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    public static string Prefix(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Length <= PrefixLength ? secret : secret[..PrefixLength];
    }
}
