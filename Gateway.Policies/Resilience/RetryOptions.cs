namespace Gateway.Policies.Resilience;

/// <summary>Limits for retrying a request across (and on) its candidates.</summary>
public sealed record RetryOptions
{
    public static RetryOptions Default { get; } = new();

    /// <summary>Attempts sent upstream for one request, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Retries of the same candidate once no other candidate is left.</summary>
    public int MaxRetriesPerCandidate { get; init; } = 1;

    /// <summary>Wall time from the first attempt after which no new attempt is started.</summary>
    public TimeSpan TotalBudget { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A provider's <c>Retry-After</c> up to this long is waited out; a longer one means "skip this target".</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    public JitterMode Jitter { get; init; } = JitterMode.Full;
}
