namespace Gateway.Proxy.Options;

/// <summary>
/// The graceful shutdown at SIGTERM (<c>Gateway:Shutdown</c>), in seconds, in the order the steps run: <c>/readyz</c>
/// answers 503 at once; the gateway keeps accepting for <see cref="PreStopDelaySeconds"/>; then it stops accepting and
/// lets requests and streams in flight finish for up to <see cref="DrainSeconds"/>; streams still open then end with an
/// in-stream error, and whatever is still open <see cref="DeadlineGraceSeconds"/> later is closed; unused quota slices
/// are given back (<c>Gateway:Quotas:ShutdownReleaseSeconds</c>); the usage queue is written to the database for up to
/// <see cref="UsageFlushSeconds"/>, the rest spooled. Read once, when shutdown begins.
/// </summary>
internal sealed class ShutdownOptions
{
    public const string Section = "Gateway:Shutdown";

    /// <summary>Slack for what the budget does not itemise (the host's other services, disposal).</summary>
    private const double Margin = 5;

    /// <summary>
    /// How long the gateway keeps accepting new connections after SIGTERM, with <c>/readyz</c> already 503, so load
    /// balancers and Kubernetes endpoints stop sending before it stops listening. Kubernetes' preStop sleep did this job;
    /// with this set, none is needed.
    /// </summary>
    [Range(0, 600)]
    public double PreStopDelaySeconds { get; set; } = 5;

    /// <summary>After the pre-stop delay, how long requests and streams in flight may take to finish.</summary>
    [Range(0, 3600)]
    public double DrainSeconds { get; set; } = 120;

    /// <summary>
    /// After the drain deadline, how long the streams' closing error events and whole answers still in flight get
    /// before their connections are closed.
    /// </summary>
    [Range(0.1, 60)]
    public double DeadlineGraceSeconds { get; set; } = 2;

    /// <summary>How long the usage writer may spend writing its queue to the database; what is left then is spooled.</summary>
    [Range(0.1, 600)]
    public double UsageFlushSeconds { get; set; } = 10;

    /// <summary>
    /// The whole sequence's budget, from SIGTERM to exit, given the quota release's: the host's shutdown timeout is at
    /// least this, and <c>terminationGracePeriodSeconds</c> (systemd's <c>TimeoutStopSec</c>) must be longer.
    /// </summary>
    public TimeSpan Budget(double quotaReleaseSeconds) =>
        TimeSpan.FromSeconds(PreStopDelaySeconds + DrainSeconds + DeadlineGraceSeconds + quotaReleaseSeconds + UsageFlushSeconds + Margin);
}
