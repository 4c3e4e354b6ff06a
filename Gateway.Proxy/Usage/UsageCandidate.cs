namespace Gateway.Proxy.Usage;

/// <summary>One routing candidate and what became of it, for the record's routing decision.</summary>
internal sealed record UsageCandidate(string ProviderId, string Model, string Outcome, string? Reason);
