using System.ComponentModel.DataAnnotations;

namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>The per-request usage line of a gateway without a usage database (<c>Gateway:Logging:AccessLog</c>).</summary>
public sealed class AccessLogOptions
{
    public const string Section = "Gateway:Logging:AccessLog";

    /// <summary>One line per request (false: none; the log level of <c>Gateway.Proxy.Usage.LoggingUsageSink</c> applies too).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of successful requests (status below 400) that get a line; every failed request gets one.</summary>
    [Range(0.0, 1.0)]
    public double SampleRate { get; set; } = 1.0;
}
