namespace Gateway.Policies.Resilience;

/// <summary>Where a request stands after a failed, retryable attempt.</summary>
/// <param name="AttemptsMade">Attempts sent so far, the failed one included.</param>
/// <param name="Elapsed">Time since the first attempt started.</param>
/// <param name="RetryAfter">The failed attempt's <c>Retry-After</c>, when it had one.</param>
/// <param name="RetriesOfThisCandidate">How often the failed candidate was already retried.</param>
/// <param name="PreviousDelay">The last delay waited in this request (zero before any), for decorrelated jitter.</param>
/// <param name="HasNextCandidate">Whether another candidate is left to try.</param>
public readonly record struct RetryContext(
    int AttemptsMade,
    TimeSpan Elapsed,
    TimeSpan? RetryAfter,
    int RetriesOfThisCandidate,
    TimeSpan PreviousDelay,
    bool HasNextCandidate);
