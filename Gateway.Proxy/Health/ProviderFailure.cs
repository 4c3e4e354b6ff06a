namespace Gateway.Proxy.Health;

/// <summary>A provider's most recent failed attempt: when, which model and destination, and what went wrong (no provider text).</summary>
internal sealed record ProviderFailure(DateTimeOffset At, string Model, string? DestinationId, string Outcome, int? Status, string? ErrorCode);
