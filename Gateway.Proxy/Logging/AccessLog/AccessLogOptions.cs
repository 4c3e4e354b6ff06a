namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>
/// The per-request usage line of a gateway without a usage database (<c>Gateway:Logging:AccessLog</c>): formatted on
/// the request's thread, written by a background thread in batches (<see cref="AccessLogWriter"/>).
/// </summary>
internal sealed class AccessLogOptions
{
    public const string Section = "Gateway:Logging:AccessLog";

    /// <summary>One line per request (false: none; the log level of <c>Gateway.Proxy.Usage.LoggingUsageSink</c> applies too).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of successful requests (status below 400) that get a line; every failed request gets one.</summary>
    [Range(0.0, 1.0)]
    public double SampleRate { get; set; } = 1.0;

    /// <summary>Formatted lines waiting to be written, at most; past it lines are dropped (and counted) rather than held.</summary>
    [Range(65_536, 1_073_741_824)]
    public int MaxQueuedBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long a line may wait, so that lines are written many to a system call rather than one each.</summary>
    [Range(1, 10_000)]
    public int FlushMilliseconds { get; set; } = 100;
}
