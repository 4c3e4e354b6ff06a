namespace Gateway.Proxy.Quotas;

/// <summary>
/// How quotas and rate limits are counted (<c>Gateway:Quotas</c>). With a database, replicas lease slices of each
/// limit from PostgreSQL; a slice is <see cref="LeaseFraction"/> of the limit, capped per measure, and at least what
/// the request in hand needs. Leases never exceed a limit, so slice size trades database round trips against
/// allowance stranded on other replicas at the end of a window (at most one slice per replica), not against overshoot.
/// </summary>
internal sealed class QuotaOptions : IValidatableObject
{
    public const string Section = "Gateway:Quotas";

    /// <summary>Off: no limit is checked and no rate-limit header is sent.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests in flight per key on each replica, for keys that set no limit of their own
    /// (<c>MaxConcurrentRequests</c> on a config key, <c>max_concurrent</c> on a database key's binding); 0: none.</summary>
    [Range(0, 1_000_000)]
    public int DefaultMaxConcurrentRequestsPerKey { get; set; }

    /// <summary>A lease asks for this fraction of the limit (before the caps below).</summary>
    [Range(0.001, 1.0)]
    public double LeaseFraction { get; set; } = 0.1;

    [Range(1, 1_000_000)]
    public int MaxLeaseRequests { get; set; } = 100;

    [Range(1, 1_000_000_000)]
    public long MaxLeaseTokens { get; set; } = 100_000;

    [Range(0.000001, 1_000_000)]
    public double MaxLeaseCostUsd { get; set; } = 1.0;

    /// <summary>The next slice is fetched in the background once the local one falls below this fraction of a slice,
    /// so requests almost never wait for the database.</summary>
    [Range(0.0, 1.0)]
    public double PrefetchThreshold { get; set; } = 0.5;

    /// <summary>Longest a lease round trip may take; a slower one counts as the database being unreachable.</summary>
    [Range(0.05, 60)]
    public double LeaseTimeoutSeconds { get; set; } = 2;

    /// <summary>Once a window is used up, how often a replica asks again (others may give slices back at shutdown,
    /// or an admin may raise the limit).</summary>
    [Range(0.1, 3600)]
    public double ExhaustedRecheckSeconds { get; set; } = 1;

    /// <summary>After the database failed a lease, how long the fallback serves before the database is tried again
    /// (in the background: requests do not wait for the retry).</summary>
    [Range(0.1, 3600)]
    public double DatabaseRetrySeconds { get; set; } = 5;

    public QuotaDatabaseDownBehavior DatabaseDownBehavior { get; set; } = QuotaDatabaseDownBehavior.LocalShare;

    /// <summary>With <see cref="QuotaDatabaseDownBehavior.LocalShare"/>, each replica allows itself the limit divided by
    /// this while the database is down. Set it to the replica count; 1 lets every replica use the whole limit.</summary>
    [Range(1, 10_000)]
    public int ExpectedReplicas { get; set; } = 1;

    /// <summary>Completion tokens reserved for a request without <c>max_tokens</c>; the real count is settled after.</summary>
    [Range(1, 1_000_000)]
    public int DefaultCompletionTokens { get; set; } = 1024;

    /// <summary>How often ended windows are dropped from memory and old counter rows from the database.</summary>
    [Range(1, 86400)]
    public double MaintenanceSeconds { get; set; } = 60;

    /// <summary>Counter rows of ended windows are kept this long (for inspection), then deleted.</summary>
    [Range(0, 24 * 400)]
    public double CounterRetentionHours { get; set; } = 48;

    /// <summary>At shutdown, how long the gateway may spend giving unused slices back.</summary>
    [Range(0, 60)]
    public double ShutdownReleaseSeconds { get; set; } = 2;

    /// <summary>
    /// The price budgets charge for a model without one. Unset (the default), a request that could be served by an
    /// unpriced model is refused (400) while a budget or cost quota applies to its key.
    /// </summary>
    public QuotaDefaultPrice? DefaultPrice { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultPrice is null)
        {
            yield break;
        }
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(DefaultPrice, new ValidationContext(DefaultPrice), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult($"{nameof(DefaultPrice)}: {result.ErrorMessage}", result.MemberNames.Select(name => $"{nameof(DefaultPrice)}.{name}"));
        }
    }
}
