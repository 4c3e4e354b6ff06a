using Gateway.Policies.Resilience;

namespace Gateway.Proxy.Options;

/// <summary>
/// Circuit breakers per (provider, model) and retries (<c>Gateway:Resilience</c>). Read live: an edit applies to the
/// next request, and the breakers keep their state (<see cref="Routing.ResilienceOptionsBinding"/>).
/// </summary>
internal sealed class ResilienceOptions
{
    public const string Section = "Gateway:Resilience";

    /// <summary>Failures within <see cref="BreakerSamplingSeconds"/> that open a circuit.</summary>
    [Range(1, 10_000)]
    public int BreakerFailureThreshold { get; set; } = 5;

    /// <summary>Or this share of failures, once <see cref="BreakerMinimumThroughput"/> results are in the window.</summary>
    [Range(0.01, 1)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(1, 100_000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    [Range(1, 3600)]
    public double BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit refuses before letting probes through (half-open).</summary>
    [Range(1, 3600)]
    public double BreakerBreakSeconds { get; set; } = 30;

    [Range(1, 1000)]
    public int BreakerHalfOpenProbes { get; set; } = 1;

    /// <summary>A probe never reported frees its slot after this long.</summary>
    [Range(1, 3600)]
    public double BreakerProbeTimeoutSeconds { get; set; } = 600;

    /// <summary>Retries of the last candidate after a retryable failure (other candidates are tried at once).</summary>
    [Range(0, 10)]
    public int MaxRetriesPerCandidate { get; set; } = 1;

    /// <summary>Attempts, retries included, stop once this much time has passed since the first.</summary>
    [Range(0.1, 3600)]
    public double RetryBudgetSeconds { get; set; } = 30;

    [Range(1, 60_000)]
    public double RetryBaseDelayMilliseconds { get; set; } = 200;

    [Range(1, 600_000)]
    public double RetryMaxDelayMilliseconds { get; set; } = 5000;

    /// <summary>A provider's <c>Retry-After</c> longer than this is not waited for.</summary>
    [Range(0, 3600)]
    public double MaxRetryAfterSeconds { get; set; } = 10;

    public JitterMode Jitter { get; set; } = JitterMode.Full;

    /// <summary>Output tokens assumed for cost and context checks when a request sets no max.</summary>
    [Range(1, 1_000_000)]
    public int DefaultOutputTokens { get; set; } = 1000;

    /// <summary>
    /// Hold a stream's first event before committing the response, so a provider that answers 200 and then
    /// immediately reports an error still fails over.
    /// </summary>
    public bool HoldFirstStreamEvent { get; set; } = true;

    /// <summary>
    /// Breaker and latency-statistics entries of a (provider, model) the catalog does not know (a client addressed
    /// <c>provider/any-name</c>) are dropped after this long unused, so random names cannot fill memory.
    /// </summary>
    [Range(0.01, 86_400)]
    public double UnknownTargetIdleSeconds { get; set; } = 600;

    /// <summary>How often idle entries are looked for.</summary>
    [Range(0.01, 3600)]
    public double UnknownTargetSweepSeconds { get; set; } = 60;

    public CircuitBreakerOptions ToBreakerOptions() => new()
    {
        FailureThreshold = BreakerFailureThreshold,
        FailureRatio = BreakerFailureRatio,
        MinimumThroughput = BreakerMinimumThroughput,
        SamplingWindow = TimeSpan.FromSeconds(BreakerSamplingSeconds),
        BreakDuration = TimeSpan.FromSeconds(BreakerBreakSeconds),
        HalfOpenMaxProbes = BreakerHalfOpenProbes,
        ProbeTimeout = TimeSpan.FromSeconds(BreakerProbeTimeoutSeconds),
    };

    public RetryOptions ToRetryOptions(int maxAttempts) => new()
    {
        MaxAttempts = maxAttempts,
        MaxRetriesPerCandidate = MaxRetriesPerCandidate,
        TotalBudget = TimeSpan.FromSeconds(RetryBudgetSeconds),
        BaseDelay = TimeSpan.FromMilliseconds(RetryBaseDelayMilliseconds),
        MaxDelay = TimeSpan.FromMilliseconds(RetryMaxDelayMilliseconds),
        MaxRetryAfter = TimeSpan.FromSeconds(MaxRetryAfterSeconds),
        Jitter = Jitter,
    };
}
