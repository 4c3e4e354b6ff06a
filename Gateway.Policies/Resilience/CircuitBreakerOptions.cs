namespace Gateway.Policies.Resilience;

/// <summary>
/// When a (provider, model) circuit opens and for how long. The circuit opens when, within
/// <see cref="SamplingWindow"/>, either <see cref="FailureThreshold"/> failures were seen, or at least
/// <see cref="MinimumThroughput"/> results were seen and the share of failures reached <see cref="FailureRatio"/>.
/// </summary>
public sealed record CircuitBreakerOptions
{
    public static CircuitBreakerOptions Default { get; } = new();

    /// <summary>Failures within the window that open the circuit whatever the traffic; 0 disables this trigger.</summary>
    public int FailureThreshold { get; init; } = 5;

    /// <summary>Share of failures (0..1] that opens the circuit once <see cref="MinimumThroughput"/> is reached; 0 disables it.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Results needed in the window before <see cref="FailureRatio"/> is applied, so two unlucky requests do not trip it.</summary>
    public int MinimumThroughput { get; init; } = 10;

    public TimeSpan SamplingWindow { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Concurrent probe requests allowed while half-open.</summary>
    public int HalfOpenMaxProbes { get; init; } = 1;

    /// <summary>A probe not reported within this time is presumed lost (its request was abandoned) and its slot freed.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws when a value cannot work; called by <see cref="CircuitBreaker"/>'s constructor.</summary>
    public void Validate()
    {
        if (FailureThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FailureThreshold), FailureThreshold, "must be 0 or more");
        }
        if (FailureRatio is < 0 or > 1 || double.IsNaN(FailureRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureRatio), FailureRatio, "must be within [0, 1]");
        }
        if (FailureThreshold == 0 && FailureRatio == 0)
        {
            throw new ArgumentException("At least one of FailureThreshold and FailureRatio must be set.", nameof(FailureThreshold));
        }
        if (MinimumThroughput < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumThroughput), MinimumThroughput, "must be at least 1");
        }
        if (SamplingWindow <= TimeSpan.Zero || BreakDuration <= TimeSpan.Zero || ProbeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("SamplingWindow, BreakDuration and ProbeTimeout must be positive.", nameof(SamplingWindow));
        }
        if (HalfOpenMaxProbes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HalfOpenMaxProbes), HalfOpenMaxProbes, "must be at least 1");
        }
    }
}
