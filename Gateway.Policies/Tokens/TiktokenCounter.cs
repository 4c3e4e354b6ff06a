using System.Buffers;
using System.Text.RegularExpressions;

namespace Gateway.Policies.Tokens;

/// <summary>
/// Counts the tokens of text in a tiktoken encoding, as Microsoft.ML.Tokenizers' <c>TiktokenTokenizer.CountTokens</c>
/// does (the tests hold it to the library's count): special tokens are cut out and count one each; the rest is split
/// by the encoding's pattern; a piece that is a token counts one, any other is byte-pair merged.
/// </summary>
/// <remarks>
/// Nothing is allocated per call: pieces come from <see cref="Regex.EnumerateMatches(ReadOnlySpan{char})"/> and are
/// encoded on the stack (pooled arrays for long ones). Holds no state of its own: thread-safe.
/// </remarks>
internal sealed class TiktokenCounter
{
    private const int StackBytes = 512;

    private readonly TiktokenVocabulary _vocabulary;
    private readonly Regex _pattern;
    private readonly TiktokenSpecialTokens _specialTokens;

    public TiktokenCounter(TiktokenVocabulary vocabulary, Regex pattern, TiktokenSpecialTokens specialTokens)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(specialTokens);
        _vocabulary = vocabulary;
        _pattern = pattern;
        _specialTokens = specialTokens;
    }

    /// <summary>The vocabulary, for its size.</summary>
    public TiktokenVocabulary Vocabulary => _vocabulary;

    public int CountTokens(ReadOnlySpan<char> text)
    {
        var tokens = 0;
        while (!text.IsEmpty)
        {
            var special = _specialTokens.IndexOfFirst(text, out var specialLength);
            if (special < 0)
            {
                return tokens + CountOrdinary(text);
            }
            // The text before a special token is split on its own, as if it ended there (the pattern's lookahead and
            // end anchor see that end).
            tokens += CountOrdinary(text[..special]) + 1;
            text = text[(special + specialLength)..];
        }
        return tokens;
    }

    private int CountOrdinary(ReadOnlySpan<char> text)
    {
        var tokens = 0;
        foreach (var match in _pattern.EnumerateMatches(text))
        {
            tokens += CountPiece(text.Slice(match.Index, match.Length));
        }
        return tokens;
    }

    private int CountPiece(ReadOnlySpan<char> piece)
    {
        var most = TiktokenUtf8.MaxByteCount(piece.Length);
        byte[]? rented = null;
        Span<byte> buffer = most <= StackBytes ? stackalloc byte[most] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            var length = TiktokenUtf8.Encode(piece, buffer, out var plain);
            var bytes = buffer[..length];
            return plain && _vocabulary.Contains(bytes) ? 1 : BytePairCounter.Count(bytes, _vocabulary);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
