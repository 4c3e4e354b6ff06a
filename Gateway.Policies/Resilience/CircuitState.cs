namespace Gateway.Policies.Resilience;

/// <summary>Where a circuit breaker stands; exported as a metric, so the numeric values are part of the contract.</summary>
public enum CircuitState
{
    /// <summary>Requests flow; failures are counted in the sampling window.</summary>
    Closed = 0,

    /// <summary>Requests are refused until the break duration has passed.</summary>
    Open = 1,

    /// <summary>The break has passed; a limited number of probe requests decide whether to close or open again.</summary>
    HalfOpen = 2,
}
