using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Usage;

/// <summary>What one request used and cost, written after it ends.</summary>
internal sealed record UsageRecord
{
    /// <summary>The gateway's response id (<c>gen-…</c>), the record's key.</summary>
    public required string Id { get; init; }

    /// <summary>When the request started (the price valid then is the one billed).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The calling key's id: a database key's uuid, or a config-file key's name.</summary>
    public string? KeyId { get; init; }

    public Guid? OrganizationId { get; init; }

    public Guid? TeamId { get; init; }

    public Guid? EnvironmentId { get; init; }

    public required string RequestedModel { get; init; }

    public string? ProviderId { get; init; }

    public string? ServedModel { get; init; }

    public string? ProviderResponseId { get; init; }

    public required int Status { get; init; }

    public string? ErrorCode { get; init; }

    /// <summary>Totals over the billed attempts (usually one).</summary>
    public TokenUsage Tokens { get; init; }

    /// <summary>US dollars, the sum over the billed attempts, each at the price valid when the request started.</summary>
    public decimal Cost { get; init; }

    /// <summary>Some tokens were estimated: the provider reported no (or only partial) usage, as for a cancelled stream.</summary>
    public bool Estimated { get; init; }

    public bool Stream { get; init; }

    /// <summary>The endpoint kind (<c>chat</c>, <c>embeddings</c>, …).</summary>
    public string Kind { get; init; } = "chat";

    /// <summary>What the request billed by (<c>tokens</c>, <c>input_tokens</c>, …).</summary>
    public string BillingUnit { get; init; } = "tokens";

    /// <summary>How many of <see cref="BillingUnit"/> the billed attempts used.</summary>
    public decimal BillingQuantity { get; init; }

    /// <summary>Answered from the response cache: no provider was asked, nothing billed.</summary>
    public bool CacheHit { get; init; }

    /// <summary>For a cache hit, what the cached answer cost when a provider made it.</summary>
    public decimal CostSaved { get; init; }

    public string? FinishReason { get; init; }

    public double DurationMs { get; init; }

    public double? UpstreamMs { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>How many attempts were sent to a provider.</summary>
    public int Attempts { get; init; }

    /// <summary>Every attempt sent, in order, with what each used and cost.</summary>
    public IReadOnlyList<UsageAttempt> AttemptDetails { get; init; } = [];

    /// <summary>The routing strategy of the requested model (null when it did not resolve).</summary>
    public string? Strategy { get; init; }

    /// <summary>The candidates in routing order and what became of each (served, failed, skipped and why, not tried).</summary>
    public IReadOnlyList<UsageCandidate> Candidates { get; init; } = [];

    public string? ClientIp { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The client's request body, only for environments that store bodies, truncated to the configured cap.</summary>
    public string? RequestBody { get; init; }

    /// <summary>The answer as the client received it (a JSON body or the SSE text), on the same terms as <see cref="RequestBody"/>.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>The request body was longer than the cap and is stored cut.</summary>
    public bool RequestBodyTruncated { get; init; }

    public bool ResponseBodyTruncated { get; init; }
}
