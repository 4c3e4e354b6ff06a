namespace Gateway.Proxy.Auth;

/// <summary>
/// Throttling of repeated authentication failures per client address (<c>Gateway:Auth</c>). Counted in memory on
/// each replica; IPv6 clients are counted per /64, as one host usually holds a whole /64.
/// </summary>
internal sealed class AuthThrottleOptions
{
    public const string Section = "Gateway:Auth";

    /// <summary>Failed authentications (an unknown or malformed key) an address may make per window before every
    /// further request from it is refused with 429 until the window ends; 0 turns throttling off.</summary>
    [Range(0, 1_000_000)]
    public int MaxFailuresPerWindow { get; set; } = 20;

    [Range(1, 86_400)]
    public double FailureWindowSeconds { get; set; } = 60;

    /// <summary>Most addresses remembered at once; past it, expired windows are dropped, and failures from new
    /// addresses go uncounted until there is room (memory stays bounded whatever the number of addresses).</summary>
    [Range(16, 10_000_000)]
    public int MaxTrackedAddresses { get; set; } = 100_000;
}
