using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Usage;

/// <summary>One attempt sent to a provider: how it ended and, when the provider accepted it, what it used and cost.</summary>
internal sealed record UsageAttempt
{
    public required int Number { get; init; }

    public required string ProviderId { get; init; }

    public required string Model { get; init; }

    /// <summary>succeeded, upstream_error, transport_error, malformed, client_aborted.</summary>
    public required string Outcome { get; init; }

    public int? UpstreamStatus { get; init; }

    public string? ErrorCode { get; init; }

    public double DurationMs { get; init; }

    /// <summary>The provider accepted the request (a 2xx), so it bills for it.</summary>
    public bool Billed { get; init; }

    public TokenUsage Tokens { get; init; }

    public decimal Cost { get; init; }

    public bool Estimated { get; init; }
}
