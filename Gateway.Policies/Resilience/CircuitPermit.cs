namespace Gateway.Policies.Resilience;

/// <summary>
/// Permission to send one request, from <see cref="CircuitBreaker.TryAcquire"/>; hand it back with the outcome.
/// It carries the breaker's generation so that a result arriving after the circuit changed state (a slow request
/// that started before the circuit opened) is not mistaken for a probe result.
/// </summary>
public readonly record struct CircuitPermit(long Generation, bool IsProbe)
{
    /// <summary>
    /// For an attempt sent without the breaker's leave (panic routing, when every candidate is out): a generation no
    /// breaker has, so its result changes no breaker's state.
    /// </summary>
    public static CircuitPermit Bypass => new(-1, IsProbe: false);
}
