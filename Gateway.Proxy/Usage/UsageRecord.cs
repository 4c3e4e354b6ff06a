using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Usage;

/// <summary>What one request used and cost, written after it ends.</summary>
public sealed record UsageRecord
{
    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? KeyId { get; init; }

    public required string RequestedModel { get; init; }

    public string? ProviderId { get; init; }

    public string? ServedModel { get; init; }

    public string? ProviderResponseId { get; init; }

    public required int Status { get; init; }

    public string? ErrorCode { get; init; }

    public TokenUsage Tokens { get; init; }

    /// <summary>The provider reported no usage (a failed or cancelled stream): tokens were estimated.</summary>
    public bool Estimated { get; init; }

    public bool Stream { get; init; }

    public string? FinishReason { get; init; }

    public double DurationMs { get; init; }

    public double? UpstreamMs { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    public int Attempts { get; init; }

    public string? ClientIp { get; init; }

    public string? UserAgent { get; init; }
}
