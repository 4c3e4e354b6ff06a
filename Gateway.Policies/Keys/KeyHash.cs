using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Policies.Keys;

/// <summary>The SHA-256 of an API key, as a value usable as a dictionary key without allocating.</summary>
public readonly struct KeyHash : IEquatable<KeyHash>
{
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private KeyHash(ReadOnlySpan<byte> digest)
    {
        _a = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]);
    }

    public static KeyHash Compute(ReadOnlySpan<char> key)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(key, buffer);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer[..length], digest);
        CryptographicOperations.ZeroMemory(buffer[..length]);
        return new KeyHash(digest);
    }

    public static bool TryParseHex(string hex, out KeyHash hash)
    {
        hash = default;
        if (hex is null)
        {
            return false;
        }
        var text = hex.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? hex.AsSpan(7) : hex.AsSpan();
        if (text.Length != SHA256.HashSizeInBytes * 2)
        {
            return false;
        }
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        for (var i = 0; i < digest.Length; i++)
        {
            if (!byte.TryParse(text.Slice(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out digest[i]))
            {
                return false;
            }
        }
        hash = new KeyHash(digest);
        return true;
    }

    public static KeyHash FromDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(digest));
        }
        return new KeyHash(digest);
    }

    public void WriteDigest(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _d);
    }

    /// <summary>Compares in constant time, so timing reveals nothing about how much of a hash matched.</summary>
    public bool FixedTimeEquals(in KeyHash other)
    {
        Span<byte> left = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> right = stackalloc byte[SHA256.HashSizeInBytes];
        WriteDigest(left);
        other.WriteDigest(right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }

    public string ToHex()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        WriteDigest(digest);
        return Convert.ToHexStringLower(digest);
    }

    public bool Equals(KeyHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is KeyHash other && Equals(other);

    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

    public static bool operator ==(KeyHash left, KeyHash right) => left.Equals(right);

    public static bool operator !=(KeyHash left, KeyHash right) => !left.Equals(right);
}
