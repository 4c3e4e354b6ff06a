using Gateway.Policies.Resilience;

namespace Gateway.Proxy.Health;

/// <summary>Everything out of service at one moment, for one <c>/readyz</c> answer.</summary>
internal sealed record HealthOutages(
    IReadOnlyList<DestinationEjection> Ejections, IReadOnlyList<ModelCooldown> Cooldowns, IReadOnlyList<CircuitBreakerSnapshot> Circuits);
