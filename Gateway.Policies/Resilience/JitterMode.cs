namespace Gateway.Policies.Resilience;

/// <summary>How a backoff delay is randomised so that many clients retrying together spread out.</summary>
public enum JitterMode
{
    /// <summary>Uniform in [0, min(cap, base * 2^retry)] ("full jitter").</summary>
    Full,

    /// <summary>Uniform in [base, min(cap, previous * 3)] ("decorrelated jitter"): grows from the previous delay.</summary>
    Decorrelated,
}
