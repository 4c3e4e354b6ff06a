namespace Gateway.Proxy.Options;

/// <summary>How database keys are cached (<c>Gateway:KeyCache</c>). Revocations also reach the cache by NOTIFY at once.</summary>
internal sealed class KeyCacheOptions
{
    public const string Section = "Gateway:KeyCache";

    /// <summary>How long a found key is trusted before it is looked up again (a backstop if a NOTIFY is lost).</summary>
    [Range(1, 3600)]
    public double PositiveSeconds { get; set; } = 60;

    /// <summary>How long an unknown key is remembered as unknown, so a flood of bad keys costs one lookup each per period.</summary>
    [Range(0, 3600)]
    public double NegativeSeconds { get; set; } = 10;

    /// <summary>Keys held at most; the oldest are evicted beyond it.</summary>
    [Range(100, 10_000_000)]
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>How often last-use times are written back, in one batch.</summary>
    [Range(1, 3600)]
    public double LastUsedFlushSeconds { get; set; } = 30;
}
