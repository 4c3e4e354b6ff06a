using System.Buffers;

namespace Gateway.Policies.Tokens;

/// <summary>
/// Counts the tokens tiktoken's byte-pair merge makes of one piece of text: start from single bytes, repeatedly merge
/// the adjacent pair whose joined bytes have the lowest rank (the leftmost on a tie), stop when no pair is a token.
/// Only the number of parts is kept, in pooled (or stack) buffers.
/// </summary>
internal static class BytePairCounter
{
    private const int StackParts = 128;
    private const int NoRank = int.MaxValue;

    public static int Count(ReadOnlySpan<byte> piece, TiktokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (piece.Length <= 1)
        {
            return piece.Length;
        }

        // starts[i] is where part i begins (starts[parts] is the end); ranks[i] is the rank of parts i and i+1 joined.
        var bounds = piece.Length + 1;
        int[]? rentedStarts = null, rentedRanks = null;
        Span<int> starts = bounds <= StackParts ? stackalloc int[bounds] : (rentedStarts = ArrayPool<int>.Shared.Rent(bounds));
        Span<int> ranks = bounds <= StackParts ? stackalloc int[bounds] : (rentedRanks = ArrayPool<int>.Shared.Rent(bounds));
        try
        {
            var parts = piece.Length;
            for (var i = 0; i <= parts; i++)
            {
                starts[i] = i;
            }
            for (var i = 0; i < parts; i++)
            {
                ranks[i] = RankOf(piece, starts, parts, i, 2, vocabulary);
            }

            while (parts > 1)
            {
                var best = -1;
                var bestRank = NoRank;
                for (var i = 0; i < parts - 1; i++)
                {
                    if (ranks[i] < bestRank)
                    {
                        bestRank = ranks[i];
                        best = i;
                    }
                }
                if (best < 0)
                {
                    break;
                }

                // Parts best and best+1 become one: its pair with the next part, and the previous part's pair with it.
                ranks[best] = RankOf(piece, starts, parts, best, 3, vocabulary);
                if (best > 0)
                {
                    ranks[best - 1] = RankOf(piece, starts, parts, best - 1, 3, vocabulary);
                }
                starts[(best + 2)..(parts + 1)].CopyTo(starts[(best + 1)..]);
                ranks[(best + 2)..parts].CopyTo(ranks[(best + 1)..]);
                parts--;
            }
            return parts;
        }
        finally
        {
            if (rentedStarts is not null)
            {
                ArrayPool<int>.Shared.Return(rentedStarts);
                ArrayPool<int>.Shared.Return(rentedRanks!);
            }
        }
    }

    /// <summary>The rank of the bytes from part <paramref name="part"/>'s start to the start <paramref name="span"/> bounds later.</summary>
    private static int RankOf(ReadOnlySpan<byte> piece, Span<int> starts, int parts, int part, int span, TiktokenVocabulary vocabulary)
    {
        var end = part + span;
        if (end > parts)
        {
            return NoRank;
        }
        return vocabulary.TryGetRank(piece[starts[part]..starts[end]], out var rank) ? rank : NoRank;
    }
}
