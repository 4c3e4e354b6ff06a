namespace Gateway.Data.Usage;

/// <summary>Usage of one dimension value (in one bucket, when split by time), from the rollups.</summary>
public sealed record UsageTotals
{
    /// <summary>The dimension's value; empty for none (a request with no provider, a config-file key's team).</summary>
    public required string Value { get; init; }

    /// <summary>The bucket's start (UTC), when split by hour or day.</summary>
    public DateTimeOffset? Bucket { get; init; }

    public long Requests { get; init; }

    public long Errors { get; init; }

    public long Streamed { get; init; }

    public long Estimated { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public long CachedReadTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public long ReasoningTokens { get; init; }

    /// <summary>US dollars.</summary>
    public decimal Cost { get; init; }

    public long LatencyMsSum { get; init; }
}
