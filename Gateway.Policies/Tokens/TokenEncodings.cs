namespace Gateway.Policies.Tokens;

/// <summary>
/// The tiktoken token counters, each created once on first use (loading a vocabulary takes a few hundred
/// milliseconds and a few MB; call <see cref="WarmUp(IEnumerable{string})"/> with the models the gateway can route to
/// at start-up to keep that off the first request), and the model-name rules that pick one.
/// </summary>
/// <remarks>
/// The vocabularies are read from the data packages of Microsoft.ML.Tokenizers into <see cref="TiktokenCounter"/>'s
/// compact tables rather than into the library's tokenizer, whose dictionaries hold ~50 MB for o200k_base.
/// </remarks>
public static class TokenEncodings
{
    private static readonly Lazy<TiktokenCounter> O200k = new(
        () => new TiktokenCounter(
            TiktokenVocabularyResource.Load("Microsoft.ML.Tokenizers.Data.O200kBase"),
            TiktokenPatterns.O200kBase(),
            new TiktokenSpecialTokens("<|endoftext|>", "<|endofprompt|>")),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<TiktokenCounter> Cl100k = new(
        () => new TiktokenCounter(
            TiktokenVocabularyResource.Load("Microsoft.ML.Tokenizers.Data.Cl100kBase"),
            TiktokenPatterns.Cl100kBase(),
            new TiktokenSpecialTokens("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>")),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The token counter of an encoding; null for <see cref="TokenEncoding.Estimated"/>. Thread-safe and shared.</summary>
    internal static TiktokenCounter? Get(TokenEncoding encoding) => encoding switch
    {
        TokenEncoding.O200kBase => O200k.Value,
        TokenEncoding.Cl100kBase => Cl100k.Value,
        _ => null,
    };

    /// <summary>Loads every vocabulary now.</summary>
    public static void WarmUp()
    {
        _ = O200k.Value;
        _ = Cl100k.Value;
    }

    /// <summary>
    /// Loads the vocabularies of <paramref name="models"/> (upstream model names) and no other: a vocabulary the
    /// gateway cannot route to would only hold memory (a few MB each); one needed later loads on its first use.
    /// </summary>
    public static void WarmUp(IEnumerable<string> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        bool o200k = false, cl100k = false;
        foreach (var model in models)
        {
            var encoding = ForModel(model);
            o200k |= encoding == TokenEncoding.O200kBase;
            cl100k |= encoding == TokenEncoding.Cl100kBase;
        }
        if (o200k)
        {
            _ = O200k.Value;
        }
        if (cl100k)
        {
            _ = Cl100k.Value;
        }
    }

    /// <summary>
    /// The encoding of an upstream model name, as OpenAI's tiktoken maps them; a <c>provider/</c> prefix is ignored.
    /// Anything not recognisably OpenAI's is <see cref="TokenEncoding.Estimated"/>.
    /// </summary>
    public static TokenEncoding ForModel(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return TokenEncoding.Estimated;
        }
        var name = model.AsSpan();
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        if (StartsWith(name, "gpt-4o") || StartsWith(name, "chatgpt-4o") || StartsWith(name, "gpt-4.1") || StartsWith(name, "gpt-4.5")
            || StartsWith(name, "gpt-5") || StartsWith(name, "gpt-oss") || StartsWith(name, "codex-")
            || IsOSeries(name))
        {
            return TokenEncoding.O200kBase;
        }
        if (StartsWith(name, "gpt-4") || StartsWith(name, "gpt-3.5") || StartsWith(name, "gpt-35") || StartsWith(name, "text-embedding-"))
        {
            return TokenEncoding.Cl100kBase;
        }
        return TokenEncoding.Estimated;
    }

    private static bool StartsWith(ReadOnlySpan<char> name, string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>o1</c>, <c>o3-mini</c>, <c>o4-mini-2025-04-16</c>: 'o', digits, then the end or '-'.</summary>
    private static bool IsOSeries(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || (name[0] is not ('o' or 'O')) || !char.IsAsciiDigit(name[1]))
        {
            return false;
        }
        var i = 1;
        while (i < name.Length && char.IsAsciiDigit(name[i]))
        {
            i++;
        }
        return i == name.Length || name[i] == '-';
    }
}
