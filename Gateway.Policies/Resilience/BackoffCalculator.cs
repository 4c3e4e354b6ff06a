namespace Gateway.Policies.Resilience;

/// <summary>
/// Pure retry arithmetic: exponential backoff with jitter, <c>Retry-After</c>, and the attempt and time budgets.
/// The random number is a parameter (uniform in [0, 1)) so that every decision can be tested exactly.
/// </summary>
public sealed class BackoffCalculator
{
    private readonly RetryOptions _options;

    public BackoffCalculator(RetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1 || options.MaxRetriesPerCandidate < 0 || options.BaseDelay < TimeSpan.Zero
            || options.MaxDelay < options.BaseDelay || options.TotalBudget <= TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("RetryOptions: MaxAttempts >= 1, MaxRetriesPerCandidate >= 0, 0 <= BaseDelay <= MaxDelay, TotalBudget > 0, MaxRetryAfter >= 0.", nameof(options));
        }
        _options = options;
    }

    /// <summary>Full jitter: uniform in [0, min(cap, base * 2^retry)].</summary>
    public static TimeSpan FullJitter(int retry, TimeSpan baseDelay, TimeSpan cap, double random01)
    {
        var ceiling = Math.Min(cap.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Clamp(retry, 0, 62)));
        return TimeSpan.FromTicks((long)(Clamp01(random01) * ceiling));
    }

    /// <summary>Decorrelated jitter: uniform in [base, min(cap, max(base, previous) * 3)].</summary>
    public static TimeSpan DecorrelatedJitter(TimeSpan previous, TimeSpan baseDelay, TimeSpan cap, double random01)
    {
        var upper = Math.Min(cap.Ticks, Math.Max(baseDelay.Ticks, previous.Ticks) * 3.0);
        var lower = Math.Min(baseDelay.Ticks, upper);
        return TimeSpan.FromTicks((long)(lower + (Clamp01(random01) * (upper - lower))));
    }

    /// <summary>The backoff before retry number <paramref name="retry"/> (0 for the first retry) with the configured jitter.</summary>
    public TimeSpan Delay(int retry, TimeSpan previousDelay, double random01) => _options.Jitter == JitterMode.Full
        ? FullJitter(retry, _options.BaseDelay, _options.MaxDelay, random01)
        : DecorrelatedJitter(previousDelay, _options.BaseDelay, _options.MaxDelay, random01);

    /// <summary>
    /// After a retryable failure: stop when the attempts are used up; otherwise move straight on to the next
    /// candidate when there is one; otherwise retry the same candidate after its <c>Retry-After</c> (when within
    /// <see cref="RetryOptions.MaxRetryAfter"/>; beyond it the target is skipped) or a backoff delay — unless that
    /// wait would overrun the total budget.
    /// </summary>
    public RetryDecision Decide(in RetryContext context, double random01)
    {
        if (context.AttemptsMade >= _options.MaxAttempts)
        {
            return new RetryDecision(RetryAction.Stop, TimeSpan.Zero, "attempts exhausted");
        }
        if (context.Elapsed >= _options.TotalBudget)
        {
            return new RetryDecision(RetryAction.Stop, TimeSpan.Zero, "time budget exhausted");
        }
        if (context.HasNextCandidate)
        {
            return new RetryDecision(RetryAction.NextCandidate, TimeSpan.Zero, "next candidate");
        }
        if (context.RetriesOfThisCandidate >= _options.MaxRetriesPerCandidate)
        {
            return new RetryDecision(RetryAction.Stop, TimeSpan.Zero, "retries of the last candidate exhausted");
        }

        TimeSpan delay;
        if (context.RetryAfter is { } retryAfter)
        {
            if (retryAfter > _options.MaxRetryAfter)
            {
                return new RetryDecision(RetryAction.Stop, TimeSpan.Zero, "Retry-After beyond the cap: target skipped");
            }
            delay = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
        }
        else
        {
            delay = Delay(context.RetriesOfThisCandidate, context.PreviousDelay, random01);
        }

        if (context.Elapsed + delay >= _options.TotalBudget)
        {
            return new RetryDecision(RetryAction.Stop, TimeSpan.Zero, "the wait would overrun the time budget");
        }
        return new RetryDecision(RetryAction.RetrySameCandidate, delay, context.RetryAfter is null ? "backoff" : "Retry-After");
    }

    private static double Clamp01(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);
}
