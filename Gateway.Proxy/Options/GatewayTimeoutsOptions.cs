namespace Gateway.Proxy.Options;

/// <summary>Timeouts (<c>Gateway:Timeouts</c>), in seconds.</summary>
internal sealed class GatewayTimeoutsOptions
{
    public const string Section = "Gateway:Timeouts";

    /// <summary>
    /// Longest wait for a provider's response headers, and between any two reads or writes. Non-stream answers
    /// from reasoning models can take minutes before the first byte; a provider's own <c>TimeoutSeconds</c> overrides.
    /// </summary>
    [Range(1, 3600)]
    public double UpstreamSeconds { get; set; } = 600;

    /// <summary>Longest silence inside a stream before the gateway ends it with an error event.</summary>
    [Range(1, 3600)]
    public double StreamIdleSeconds { get; set; } = 300;

    /// <summary>TCP and TLS connect timeout to providers; short, so a dead provider fails over fast.</summary>
    [Range(1, 300)]
    public double ConnectSeconds { get; set; } = 10;

    /// <summary>How often the config files are checked for changes the file watcher may miss (symlink swaps).</summary>
    [Range(0.1, 3600)]
    public double ConfigPollSeconds { get; set; } = 2;
}
