namespace Gateway.Data.Usage;

/// <summary>One request's usage as stored: a row of <c>requests</c>, its metering events and, where kept, its bodies.</summary>
public sealed record UsageRow
{
    /// <summary>The gateway's response id; with <see cref="CreatedAt"/> the primary key, so a replayed row is skipped.</summary>
    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A database key's id.</summary>
    public Guid? KeyId { get; init; }

    /// <summary>A config-file key's name.</summary>
    public string? ConfigKeyId { get; init; }

    public Guid? OrgId { get; init; }

    public Guid? TeamId { get; init; }

    public Guid? EnvironmentId { get; init; }

    public required string RequestedModel { get; init; }

    public string? ProviderId { get; init; }

    public string? ServedModel { get; init; }

    public string? ProviderResponseId { get; init; }

    public required int Status { get; init; }

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

    /// <summary>The endpoint kind (<c>chat</c>, <c>embeddings</c>, …).</summary>
    public string Kind { get; init; } = "chat";

    /// <summary>What the request billed by (<c>tokens</c>, <c>input_tokens</c>, <c>images</c>, <c>audio_seconds</c>, <c>characters</c>).</summary>
    public string BillingUnit { get; init; } = "tokens";

    /// <summary>How many of <see cref="BillingUnit"/>.</summary>
    public decimal BillingQuantity { get; init; }

    /// <summary>Answered from the response cache: nothing billed, <see cref="CostSaved"/> not spent.</summary>
    public bool CacheHit { get; init; }

    /// <summary>For a cache hit, what the answer cost when a provider made it (US dollars).</summary>
    public decimal CostSaved { get; init; }

    public string? FinishReason { get; init; }

    public string? ClientIp { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>JSON: the strategy and every candidate with what became of it.</summary>
    public string? RoutingDecision { get; init; }

    /// <summary>
    /// JSON array: every attempt sent, with its outcome and latency; a billed one (<c>"billed": true</c>) also carries
    /// <c>attempt</c>, <c>provider</c>, <c>model</c>, the five token counts, <c>cost</c> and <c>estimated</c>, from which
    /// the writer derives its <c>usage_events</c> row.
    /// </summary>
    public string Attempts { get; init; } = "[]";

    public string? RequestBody { get; init; }

    public string? ResponseBody { get; init; }

    public bool RequestBodyTruncated { get; init; }

    public bool ResponseBodyTruncated { get; init; }

    public bool HasBodies => RequestBody is not null || ResponseBody is not null;
}
