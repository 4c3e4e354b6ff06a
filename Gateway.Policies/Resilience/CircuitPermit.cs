namespace Gateway.Policies.Resilience;

/// <summary>
/// Permission to send one request, from <see cref="CircuitBreaker.TryAcquire"/>; hand it back with the outcome.
/// It carries the breaker's generation so that a result arriving after the circuit changed state (a slow request
/// that started before the circuit opened) is not mistaken for a probe result.
/// </summary>
public readonly record struct CircuitPermit(long Generation, bool IsProbe);
