namespace Gateway.Proxy.Options;

/// <summary>Usage recording (<c>Gateway:Usage</c>): the writer's queue, batches and spool, stored bodies, token estimates.</summary>
internal sealed class UsageOptions
{
    public const string Section = "Gateway:Usage";

    /// <summary>Store usage records in the database when one is configured; off, they go to the log as without one.</summary>
    public bool StoreInDatabase { get; set; } = true;

    /// <summary>Records waiting for the writer; when full, a record is appended to the spool on the request's thread instead.</summary>
    [Range(16, 10_000_000)]
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>Most records written in one COPY batch.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>How long the writer waits to fill a batch after its first record.</summary>
    [Range(0, 60)]
    public double MaxBatchDelaySeconds { get; set; } = 0.2;

    /// <summary>Folder of the spool that holds records while the database is unreachable; default <c>{temp}/llm-gateway/usage-spool</c>. Put it on a persistent volume in production.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>Most bytes the spool may hold (it is created 0700). Past it, further records are counted lost
    /// (<c>gateway_usage_records_lost_total{reason="spool_full"}</c>) and logged, rather than filling the disk.</summary>
    [Range(4096, 1L << 42)]
    public long MaxSpoolBytes { get; set; } = 1L << 30;

    /// <summary>Longest wait between retries while the database is unreachable (the first is a quarter second, doubling).</summary>
    [Range(0.1, 300)]
    public double MaxRetryDelaySeconds { get; set; } = 5;

    /// <summary>Monthly partitions are created this many months ahead, at start and daily.</summary>
    [Range(1, 24)]
    public int PartitionMonthsAhead { get; set; } = 2;

    /// <summary>Request and response bodies of environments that store them are cut at this many bytes.</summary>
    [Range(0, 64 * 1024 * 1024)]
    public int MaxStoredBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// UTF-8 bytes per token of text nobody tokenized (about 4 for English with OpenAI's tokenizers; lower for scripts
    /// that take more tokens per byte): what a stream generated when the provider reported no usage or was cut short,
    /// and the request body a quota reservation counts before sending. The one such ratio: it replaces
    /// <c>Gateway:Quotas:PromptBytesPerToken</c>, which is no longer read.
    /// </summary>
    [Range(0.5, 16)]
    public double EstimatorBytesPerToken { get; set; } = 4.0;

    /// <summary>The spool folder in use: <see cref="SpoolDirectory"/> or the default.</summary>
    public string ResolveSpoolDirectory() =>
        string.IsNullOrWhiteSpace(SpoolDirectory) ? Path.Combine(Path.GetTempPath(), "llm-gateway", "usage-spool") : SpoolDirectory;
}
