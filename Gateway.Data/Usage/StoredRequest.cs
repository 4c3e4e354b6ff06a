namespace Gateway.Data.Usage;

/// <summary>
/// One stored request, as the request log and the generation stats endpoint read it: who sent it (key and tenant), what
/// it asked for and what served it, the outcome, tokens, billing, cost and timings, and the routing decision and attempts
/// as the writer stored them (JSON text).
/// </summary>
public sealed record StoredRequest
{
    public required string Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public Guid? KeyId { get; init; }

    public string? ConfigKeyId { get; init; }

    public Guid? OrgId { get; init; }

    public Guid? TeamId { get; init; }

    public Guid? EnvironmentId { get; init; }

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

    /// <summary>The routing decision (strategy, candidates and what became of each) as JSON; null when none was made.</summary>
    public string? RoutingDecision { get; init; }

    /// <summary>Every attempt sent, as a JSON array.</summary>
    public string Attempts { get; init; } = "[]";

    /// <summary>True when the request's environment stores bodies and they were stored.</summary>
    public bool HasBodies { get; init; }
}
