namespace Gateway.Policies.Resilience;

/// <summary>The answer of <see cref="BackoffCalculator.Decide"/>; <see cref="Reason"/> is for logs.</summary>
public readonly record struct RetryDecision(RetryAction Action, TimeSpan Delay, string Reason);
