namespace Gateway.Proxy.Cache;

/// <summary>
/// The exact-match response cache (<c>Gateway:ResponseCache</c>). Which aliases are cached, and for how long, is each
/// alias's <c>Cache</c>; these are the tiers' limits.
/// </summary>
internal sealed class ResponseCacheOptions
{
    public const string Section = "Gateway:ResponseCache";

    /// <summary>Off, no alias is cached whatever its <c>Cache</c> says (nothing is looked up or stored).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most bytes the in-memory tier holds (each entry counted by its stored answer); the least recently used go first.</summary>
    [Range(0, 1L << 40)]
    public long MemorySizeLimitBytes { get; set; } = 64L << 20;

    /// <summary>Largest answer stored; a larger one is served and not cached.</summary>
    [Range(1024, 64 << 20)]
    public int MaxEntryBytes { get; set; } = 1 << 20;

    /// <summary>With a database, share entries between replicas through PostgreSQL's <c>response_cache</c> table.</summary>
    public bool DatabaseTier { get; set; } = true;

    /// <summary>Longest a request waits for the database tier's look-up before going on as a miss.</summary>
    [Range(1, 10_000)]
    public int DatabaseTimeoutMilliseconds { get; set; } = 250;

    /// <summary>After a database failure the database tier is left alone this long (memory only), then tried again.</summary>
    [Range(0.1, 3600)]
    public double DatabaseRetrySeconds { get; set; } = 10;

    /// <summary>Most bytes of a streamed answer captured (as sent: events and all) to assemble the entry from; a longer stream is not cached.</summary>
    [Range(1024, 256 << 20)]
    public int MaxStreamCaptureBytes { get; set; } = 4 << 20;

    /// <summary>Entries waiting to be written to the database tier; when full, further ones stay in memory only.</summary>
    [Range(1, 1_000_000)]
    public int DatabaseWriteQueueCapacity { get; set; } = 1000;

    /// <summary>How often expired rows are deleted from the database tier.</summary>
    [Range(0.1, 86_400)]
    public double SweepIntervalSeconds { get; set; } = 60;
}
