namespace Gateway.Data.Usage;

/// <summary>One billed upstream attempt of a request (a row of <c>usage_events</c>).</summary>
public sealed record UsageEventRow
{
    public required short Attempt { get; init; }

    public required string ProviderId { get; init; }

    public required string Model { get; init; }

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public int CachedReadTokens { get; init; }

    public int CacheWriteTokens { get; init; }

    public int ReasoningTokens { get; init; }

    public decimal Cost { get; init; }

    public bool Estimated { get; init; }
}
