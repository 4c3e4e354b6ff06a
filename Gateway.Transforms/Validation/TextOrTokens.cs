namespace Gateway.Transforms.Validation;

/// <summary>
/// An OpenAI field that holds text or token ids (completions' <c>prompt</c>, embeddings' <c>input</c>), as read by
/// <see cref="TextOrTokensReader"/>: the texts (a string, or an array of strings), or the token arrays (an array of token
/// ids counts as one) with their longest length and their ids all together.
/// </summary>
internal readonly record struct TextOrTokens(string[] Texts, int TokenArrays, int LargestTokenArray, int TokenIds)
{
    public bool IsTokens => TokenArrays > 0;

    /// <summary>How many texts or token arrays.</summary>
    public int Count => IsTokens ? TokenArrays : Texts.Length;
}
