using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Gateway.Policies.Keys;

namespace Gateway.Proxy.Dashboard.Sessions;

/// <summary>
/// Writes and reads session cookies: version, issue and expiry times, a 16-byte nonce and the key's SHA-256, followed by
/// an HMAC-SHA256 of all of it, base64url-encoded. Stateless, so any replica with the same secret reads it and no
/// session table is needed. The CSRF token is a second HMAC, of the nonce under its own label: the page gets it from
/// the sign-in answer and sends it back in a header, which a cross-site form cannot do.
/// </summary>
internal sealed class DashboardSessionCodec
{
    private const byte Version = 1;
    private const int NonceBytes = 16;
    private const int PayloadBytes = 1 + 8 + 8 + NonceBytes + SHA256.HashSizeInBytes;
    private const int MacBytes = HMACSHA256.HashSizeInBytes;

    private static readonly byte[] CsrfLabel = "csrf"u8.ToArray();

    private readonly byte[] _key;

    public DashboardSessionCodec(DashboardSessionSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _key = secret.Key;
    }

    public static DashboardSession Create(KeyHash keyHash, DateTimeOffset now, TimeSpan lifetime) =>
        new(keyHash, now, now + lifetime, RandomNumberGenerator.GetBytes(NonceBytes));

    public string Encode(DashboardSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Span<byte> buffer = stackalloc byte[PayloadBytes + MacBytes];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], session.IssuedAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt64BigEndian(buffer[9..], session.ExpiresAt.ToUnixTimeSeconds());
        session.Nonce.CopyTo(buffer[17..]);
        session.KeyHash.WriteDigest(buffer[(17 + NonceBytes)..]);
        HMACSHA256.HashData(_key, buffer[..PayloadBytes], buffer[PayloadBytes..]);
        return Base64Url.EncodeToString(buffer);
    }

    /// <summary>The session in <paramref name="cookie"/>, or null when it is malformed, forged or expired at <paramref name="now"/>.</summary>
    public DashboardSession? Decode(string? cookie, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 256)
        {
            return null;
        }
        Span<byte> buffer = stackalloc byte[PayloadBytes + MacBytes + 3];
        if (!Base64Url.TryDecodeFromChars(cookie, buffer, out var written) || written != PayloadBytes + MacBytes || buffer[0] != Version)
        {
            return null;
        }
        Span<byte> mac = stackalloc byte[MacBytes];
        HMACSHA256.HashData(_key, buffer[..PayloadBytes], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, buffer.Slice(PayloadBytes, MacBytes)))
        {
            return null;
        }
        var issued = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(buffer[1..]));
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(buffer[9..]));
        if (now >= expires)
        {
            return null;
        }
        return new DashboardSession(KeyHash.FromDigest(buffer.Slice(17 + NonceBytes, SHA256.HashSizeInBytes)), issued, expires,
            buffer.Slice(17, NonceBytes).ToArray());
    }

    public string CsrfToken(DashboardSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Span<byte> input = stackalloc byte[CsrfLabel.Length + NonceBytes];
        CsrfLabel.CopyTo(input);
        session.Nonce.CopyTo(input[CsrfLabel.Length..]);
        return Base64Url.EncodeToString(HMACSHA256.HashData(_key, input));
    }

    /// <summary>Compares in constant time, so timing does not reveal how much of a guess was right.</summary>
    public bool IsCsrfTokenValid(DashboardSession session, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        var expected = CsrfToken(session);
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(token));
    }
}
