namespace Gateway.Data.Usage;

/// <summary>Usage of one dimension value (in one bucket, when split by time), from the rollups.</summary>
/// <param name="Value">The dimension's value; empty for none (a request with no provider, a config-file key's team).</param>
/// <param name="Bucket">The bucket's start (UTC), when split by hour or day.</param>
/// <param name="Cost">US dollars.</param>
public sealed record UsageTotals(
    string Value,
    DateTimeOffset? Bucket,
    long Requests, long Errors, long Streamed, long Estimated,
    long PromptTokens, long CompletionTokens, long CachedReadTokens, long CacheWriteTokens, long ReasoningTokens,
    decimal Cost,
    long LatencyMsSum);
