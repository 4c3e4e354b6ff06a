namespace Gateway.Policies.Resilience;

/// <summary>One circuit's state at a moment, for metrics and the admin API.</summary>
/// <param name="FailuresInWindow">Failures counted in the current sampling window (closed state only).</param>
/// <param name="ResultsInWindow">Successes plus failures in the current sampling window (closed state only).</param>
/// <param name="RetryAfter">While open: how long until probes are let through; otherwise zero.</param>
public sealed record CircuitBreakerSnapshot(
    string ProviderId,
    string Model,
    CircuitState State,
    int FailuresInWindow,
    int ResultsInWindow,
    TimeSpan RetryAfter,
    long TimesOpened);
