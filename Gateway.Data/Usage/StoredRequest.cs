namespace Gateway.Data.Usage;

/// <summary>One stored request record, as the generation stats endpoint reads it.</summary>
public sealed record StoredRequest
{
    public required string Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public Guid? KeyId { get; init; }

    public string? ConfigKeyId { get; init; }

    public required string RequestedModel { get; init; }

    public string? ProviderId { get; init; }

    public string? ServedModel { get; init; }

    public string? ProviderResponseId { get; init; }

    public short Status { get; init; }

    public string? ErrorCode { get; init; }

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public int CachedReadTokens { get; init; }

    public int CacheWriteTokens { get; init; }

    public int ReasoningTokens { get; init; }

    public decimal Cost { get; init; }

    public int LatencyMs { get; init; }

    public int? UpstreamLatencyMs { get; init; }

    public int? TtftMs { get; init; }

    public bool Stream { get; init; }

    public bool Estimated { get; init; }

    public string? FinishReason { get; init; }

    /// <summary>The endpoint kind (<c>chat</c>, <c>embeddings</c>, …).</summary>
    public string Kind { get; init; } = "chat";

    public string BillingUnit { get; init; } = "tokens";

    public decimal BillingQuantity { get; init; }
}
