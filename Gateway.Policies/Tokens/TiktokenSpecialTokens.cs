namespace Gateway.Policies.Tokens;

/// <summary>
/// An encoding's special tokens (<c>&lt;|endoftext|&gt;</c>, ...): text is cut at each one, and each counts as one
/// token, as the gateway's counts have always had them (Microsoft.ML.Tokenizers' <c>CountTokens</c> with its default
/// pre-tokenization splits them out the same way).
/// </summary>
internal sealed class TiktokenSpecialTokens
{
    private readonly string[] _tokens;

    /// <param name="tokens">The special tokens; each starts with <c>&lt;|</c>, and none is a prefix of another.</param>
    public TiktokenSpecialTokens(params string[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var token in tokens)
        {
            if (token is null || !token.StartsWith(Opening, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A special token must start with {Opening}.", nameof(tokens));
            }
        }
        _tokens = tokens;
    }

    private static string Opening => "<|";

    /// <summary>Where the first special token in <paramref name="text"/> starts, and its length; -1 if there is none.</summary>
    public int IndexOfFirst(ReadOnlySpan<char> text, out int length)
    {
        var from = 0;
        while (true)
        {
            var index = text[from..].IndexOf(Opening, StringComparison.Ordinal);
            if (index < 0)
            {
                length = 0;
                return -1;
            }
            index += from;
            var rest = text[index..];
            foreach (var token in _tokens)
            {
                if (rest.StartsWith(token, StringComparison.Ordinal))
                {
                    length = token.Length;
                    return index;
                }
            }
            from = index + 1;
        }
    }
}
