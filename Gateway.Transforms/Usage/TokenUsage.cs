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
}
