namespace Gateway.Policies.Resilience;

/// <summary>A (provider id, upstream model) pair: the unit that health, statistics and circuit breakers are kept for.</summary>
/// <remarks>A struct of two string references, so dictionary lookups on the hot path allocate nothing.</remarks>
public readonly record struct TargetKey(string ProviderId, string Model);
