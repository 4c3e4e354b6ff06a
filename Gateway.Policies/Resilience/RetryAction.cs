namespace Gateway.Policies.Resilience;

/// <summary>What to do after a failed attempt.</summary>
public enum RetryAction
{
    /// <summary>Give up and return the last error.</summary>
    Stop,

    /// <summary>Move on to the next candidate at once (another target needs no waiting).</summary>
    NextCandidate,

    /// <summary>Wait <see cref="RetryDecision.Delay"/>, then send to the same candidate again.</summary>
    RetrySameCandidate,
}
