namespace Gateway.Proxy.Options;

/// <summary>
/// When failures take something out of service (<c>Gateway:Health</c>), per scope: a destination (a provider's base
/// URL) after repeated transport failures and 5xx, a (provider, model) pair after a 429, a provider account after
/// repeated credential rejections. Failures the client caused never count. Times in seconds; read per failure.
/// </summary>
internal sealed class PassiveHealthOptions : IValidatableObject
{
    public const string Section = "Gateway:Health";

    /// <summary>How long a (provider, model) pair cools down after a 429 without <c>Retry-After</c>; 0: not at all.</summary>
    [Range(0, 3600)]
    public double RateLimitCooldownSeconds { get; set; } = 10;

    /// <summary>Upper bound on a provider's <c>Retry-After</c>, so a bogus header cannot take a model out for hours.</summary>
    [Range(0, 86400)]
    public double MaxRetryAfterSeconds { get; set; } = 300;

    /// <summary>Transport failures, timeouts and 5xx in a row at one destination that eject it (Envoy's <c>consecutive_5xx</c>).</summary>
    [Range(1, 10_000)]
    public int ConsecutiveFailures { get; set; } = 5;

    /// <summary>Or this share of failures among a destination's answers in <see cref="FailureRatioWindowSeconds"/>.</summary>
    [Range(0.01, 1)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The ratio is judged only once a destination has this many answers in the window.</summary>
    [Range(1, 100_000)]
    public int FailureRatioMinimumRequests { get; set; } = 20;

    [Range(1, 3600)]
    public double FailureRatioWindowSeconds { get; set; } = 30;

    /// <summary>
    /// How long an ejected destination stays out the first time; each ejection again before it has served one
    /// request successfully lasts this much longer, up to <see cref="MaxEjectionSeconds"/>. 0: never eject.
    /// </summary>
    [Range(0, 3600)]
    public double EjectionSeconds { get; set; } = 30;

    [Range(0, 86400)]
    public double MaxEjectionSeconds { get; set; } = 300;

    /// <summary>Credential rejections in a row (the provider's own "invalid key" answer) that take the provider account out.</summary>
    [Range(1, 1000)]
    public int CredentialFailureThreshold { get; set; } = 3;

    /// <summary>How long a provider whose credential was rejected stays out (a new key in config brings it back at once); 0: never.</summary>
    [Range(0, 86400)]
    public double AuthFailureCooldownSeconds { get; set; } = 60;

    /// <summary>
    /// When every candidate of a request is out, send it to the one that comes back soonest rather than answer 503
    /// unseen (Envoy's panic routing), so a client hears the provider's own answer (a 429 with its <c>Retry-After</c>).
    /// </summary>
    public bool PanicWhenAllOut { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxEjectionSeconds < EjectionSeconds)
        {
            yield return new ValidationResult("must be at least EjectionSeconds", [nameof(MaxEjectionSeconds)]);
        }
    }
}
