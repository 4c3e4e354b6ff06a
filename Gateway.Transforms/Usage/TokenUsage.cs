namespace Gateway.Transforms.Usage;

/// <summary>
/// Token counts in OpenAI's terms: <see cref="PromptTokens"/> includes cached reads and cache writes,
/// <see cref="CompletionTokens"/> includes reasoning tokens.
/// </summary>
public readonly record struct TokenUsage(
    int PromptTokens,
    int CompletionTokens,
    int CachedReadTokens = 0,
    int CacheWriteTokens = 0,
    int ReasoningTokens = 0)
{
    public int TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>The counts with any negative one (a provider's bug) made zero, so nothing downstream bills or counts below zero.</summary>
    public TokenUsage NonNegative() =>
        PromptTokens >= 0 && CompletionTokens >= 0 && CachedReadTokens >= 0 && CacheWriteTokens >= 0 && ReasoningTokens >= 0
            ? this
            : new TokenUsage(Math.Max(0, PromptTokens), Math.Max(0, CompletionTokens), Math.Max(0, CachedReadTokens),
                Math.Max(0, CacheWriteTokens), Math.Max(0, ReasoningTokens));
}
