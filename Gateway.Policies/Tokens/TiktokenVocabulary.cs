using System.Buffers.Binary;
using System.Numerics;

namespace Gateway.Policies.Tokens;

/// <summary>
/// A tiktoken vocabulary held compactly: every token's bytes in one array (token <c>r</c> is
/// <c>bytes[offsets[r]..offsets[r + 1]]</c>, its rank being its index) and an open-addressing hash table from bytes to
/// rank. o200k_base takes ~5 MB this way, where dictionaries of byte arrays and strings take ~50 MB.
/// </summary>
/// <remarks>
/// A table slot holds <c>(rank + 1) &lt;&lt; 8 | fingerprint</c> (0 is empty), the fingerprint being the top 8 bits of the
/// key's hash, so a probe that meets another key rarely touches the token bytes. At most half the slots are used.
/// Two-byte tokens also sit in a direct 64K table (256 KB): the byte-pair merge starts by looking up every adjacent
/// byte pair, and CJK text is nearly all such merges. Immutable once built: thread-safe.
/// </remarks>
internal sealed class TiktokenVocabulary
{
    private const int FingerprintBits = 8;
    private const int MaxRank = (int.MaxValue >> FingerprintBits) - 1;

    private readonly byte[] _bytes;
    private readonly int[] _offsets;
    private readonly int[] _table;
    private readonly int _mask;
    private readonly int[] _twoByteRanks;

    /// <param name="bytes">The tokens' bytes, in rank order.</param>
    /// <param name="offsets">Where each rank's bytes start, and one more entry for the end; an empty token is a rank with no token.</param>
    public TiktokenVocabulary(byte[] bytes, int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Length < 1 || offsets.Length - 1 > MaxRank || offsets[0] != 0 || offsets[^1] != bytes.Length)
        {
            throw new ArgumentException("The offsets do not describe the bytes.", nameof(offsets));
        }
        _bytes = bytes;
        _offsets = offsets;
        var ranks = offsets.Length - 1;
        _table = new int[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, ranks * 2))];
        _mask = _table.Length - 1;
        _twoByteRanks = new int[1 << 16];
        Array.Fill(_twoByteRanks, -1);
        for (var rank = 0; rank < ranks; rank++)
        {
            var length = offsets[rank + 1] - offsets[rank];
            if (length < 0)
            {
                throw new ArgumentException("The offsets must not decrease.", nameof(offsets));
            }
            if (length > 0 && !TryAdd(rank))
            {
                throw new ArgumentException("The vocabulary holds a token twice.", nameof(bytes));
            }
            if (length == 2)
            {
                _twoByteRanks[(bytes[offsets[rank]] << 8) | bytes[offsets[rank] + 1]] = rank;
            }
        }
    }

    /// <summary>Ranks the vocabulary spans (the highest rank plus one; some may have no token).</summary>
    public int RankCount => _offsets.Length - 1;

    /// <summary>Bytes of all tokens together.</summary>
    public int ByteCount => _bytes.Length;

    /// <summary>The rank of the token whose bytes are <paramref name="token"/>.</summary>
    public bool TryGetRank(ReadOnlySpan<byte> token, out int rank)
    {
        if (token.Length == 2)
        {
            rank = _twoByteRanks[(token[0] << 8) | token[1]];
            return rank >= 0;
        }
        var hash = Hash(token);
        var fingerprint = (int)(hash >> (64 - FingerprintBits));
        var slot = (int)hash & _mask;
        while (true)
        {
            var entry = _table[slot];
            if (entry == 0)
            {
                rank = -1;
                return false;
            }
            if ((entry & 0xFF) == fingerprint)
            {
                var candidate = (entry >> FingerprintBits) - 1;
                var start = _offsets[candidate];
                if (_offsets[candidate + 1] - start == token.Length && token.SequenceEqual(_bytes.AsSpan(start, token.Length)))
                {
                    rank = candidate;
                    return true;
                }
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Whether <paramref name="token"/> is a token's bytes.</summary>
    public bool Contains(ReadOnlySpan<byte> token) => TryGetRank(token, out _);

    private bool TryAdd(int rank)
    {
        var token = _bytes.AsSpan(_offsets[rank], _offsets[rank + 1] - _offsets[rank]);
        if (Contains(token))
        {
            return false;
        }
        var hash = Hash(token);
        var slot = (int)hash & _mask;
        while (_table[slot] != 0)
        {
            slot = (slot + 1) & _mask;
        }
        _table[slot] = ((rank + 1) << FingerprintBits) | (int)(hash >> (64 - FingerprintBits));
        return true;
    }

    /// <summary>A 64-bit hash of a short byte string: 8 bytes at a time, multiply-rotate mixing, a final avalanche.</summary>
    private static ulong Hash(ReadOnlySpan<byte> key)
    {
        const ulong Prime1 = 0x9E3779B185EBCA87UL, Prime2 = 0xC2B2AE3D27D4EB4FUL;
        var hash = Prime1 ^ (ulong)key.Length;
        while (key.Length >= 8)
        {
            hash = BitOperations.RotateLeft(hash ^ (BinaryPrimitives.ReadUInt64LittleEndian(key) * Prime2), 31) * Prime1;
            key = key[8..];
        }
        if (!key.IsEmpty)
        {
            // 4 to 7 bytes: two overlapping reads; fewer: byte by byte.
            ulong tail;
            if (key.Length >= 4)
            {
                tail = BinaryPrimitives.ReadUInt32LittleEndian(key) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(key[^4..]) << 32);
            }
            else
            {
                tail = key[0] | ((ulong)key[key.Length >> 1] << 8) | ((ulong)key[^1] << 16);
            }
            hash = BitOperations.RotateLeft(hash ^ (tail * Prime2), 31) * Prime1;
        }
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return hash;
    }
}
