using System.Buffers;

namespace Gateway.Policies.Tokens;

/// <summary>
/// Counts the tokens tiktoken's byte-pair merge makes of one piece of text: start from single bytes, repeatedly merge
/// the adjacent pair whose joined bytes have the lowest rank (the leftmost on a tie), stop when no pair is a token.
/// Only the number of parts is kept, in stack (short pieces) or pooled buffers. Short pieces scan for the lowest pair as tiktoken
/// does; longer ones (a CJK run is one piece of three bytes a character) keep their pairs in a heap ordered by rank
/// then position, which picks the same pair each step without the quadratic scan.
/// </summary>
internal static class BytePairCounter
{
    private const int ScanBytes = 24;
    private const int NoRank = int.MaxValue;
    private const int Merged = -1;

    public static int Count(ReadOnlySpan<byte> piece, TiktokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (piece.Length <= 1)
        {
            return piece.Length;
        }
        return piece.Length <= ScanBytes ? CountByScan(piece, vocabulary) : CountByHeap(piece, vocabulary);
    }

    private static int CountByScan(ReadOnlySpan<byte> piece, TiktokenVocabulary vocabulary)
    {
        // starts[i] is where part i begins (starts[parts] is the end); ranks[i] is the rank of parts i and i+1 joined.
        Span<int> starts = stackalloc int[piece.Length + 1];
        Span<int> ranks = stackalloc int[piece.Length];
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

    /// <summary>
    /// The same merges for a long piece: parts are a linked list of byte positions, <c>ranks[i]</c> is the rank of the
    /// part starting at <c>i</c> joined with the next (<see cref="Merged"/> once it is no part's start), and the heap
    /// holds <c>rank &lt;&lt; 32 | position</c> for every rank set; an entry whose rank is no longer current is skipped.
    /// </summary>
    private static int CountByHeap(ReadOnlySpan<byte> piece, TiktokenVocabulary vocabulary)
    {
        var n = piece.Length;
        var nextArray = ArrayPool<int>.Shared.Rent(n);
        var previousArray = ArrayPool<int>.Shared.Rent(n);
        var ranksArray = ArrayPool<int>.Shared.Rent(n);
        var heapArray = ArrayPool<long>.Shared.Rent(3 * n);
        try
        {
            var next = nextArray.AsSpan(0, n);
            var previous = previousArray.AsSpan(0, n);
            var ranks = ranksArray.AsSpan(0, n);
            var heap = heapArray.AsSpan(0, 3 * n);
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                next[i] = i + 1;
                previous[i] = i - 1;
                ranks[i] = i + 2 <= n ? Lookup(piece[i..(i + 2)], vocabulary) : NoRank;
                if (ranks[i] != NoRank)
                {
                    Push(heap, ref count, ranks[i], i);
                }
            }

            var parts = n;
            while (count > 0)
            {
                var top = Pop(heap, ref count);
                var start = (int)(uint)top;
                if (ranks[start] != (int)(top >> 32))
                {
                    continue;
                }
                // The part at start absorbs the next one; then its pair with the part after, and the previous part's pair with it.
                var absorbed = next[start];
                var end = next[absorbed];
                next[start] = end;
                if (end < n)
                {
                    previous[end] = start;
                }
                ranks[absorbed] = Merged;
                parts--;

                ranks[start] = end < n ? Lookup(piece[start..next[end]], vocabulary) : NoRank;
                if (ranks[start] != NoRank)
                {
                    Push(heap, ref count, ranks[start], start);
                }
                if (start > 0)
                {
                    var before = previous[start];
                    ranks[before] = Lookup(piece[before..end], vocabulary);
                    if (ranks[before] != NoRank)
                    {
                        Push(heap, ref count, ranks[before], before);
                    }
                }
            }
            return parts;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(nextArray);
            ArrayPool<int>.Shared.Return(previousArray);
            ArrayPool<int>.Shared.Return(ranksArray);
            ArrayPool<long>.Shared.Return(heapArray);
        }
    }

    private static int Lookup(ReadOnlySpan<byte> bytes, TiktokenVocabulary vocabulary) =>
        vocabulary.TryGetRank(bytes, out var rank) ? rank : NoRank;

    private static void Push(Span<long> heap, ref int count, int rank, int position)
    {
        var key = ((long)rank << 32) | (uint)position;
        var i = count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (heap[parent] <= key)
            {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    private static long Pop(Span<long> heap, ref int count)
    {
        var top = heap[0];
        var last = heap[--count];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }
            if (child + 1 < count && heap[child + 1] < heap[child])
            {
                child++;
            }
            if (last <= heap[child])
            {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}
