using Prometheus;

namespace Gateway.Proxy.Metrics;

/// <summary>The usage writer's series: its queue, batches, spool and replays.</summary>
internal sealed class UsageWriterMetrics(MetricsRegistry metrics)
{
    private static readonly double[] BatchBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Gauge _queueDepth = metrics.Factory.CreateGauge(
        "gateway_usage_queue_depth", "Usage records waiting for the writer.");

    private readonly Counter _written = metrics.Factory.CreateCounter(
        "gateway_usage_records_written_total", "Usage records committed to the database (replays included; duplicates skipped are not counted).");

    private readonly Histogram _batchSeconds = metrics.Factory.CreateHistogram(
        "gateway_usage_batch_write_seconds", "Time to write one batch of usage records (COPY, insert, rollups, commit).",
        new HistogramConfiguration { Buckets = BatchBuckets });

    private readonly Counter _failures = metrics.Factory.CreateCounter(
        "gateway_usage_batch_failures_total", "Batches the database did not take (they went to the spool).");

    private readonly Counter _spooled = metrics.Factory.CreateCounter(
        "gateway_usage_spooled_records_total", "Usage records appended to the spool, by reason (database_down, queue_full, shutdown).", labelNames: ["reason"]);

    private readonly Gauge _spoolBytes = metrics.Factory.CreateGauge(
        "gateway_usage_spool_bytes", "Bytes of usage records waiting in the spool.");

    private readonly Gauge _spoolRecords = metrics.Factory.CreateGauge(
        "gateway_usage_spool_records", "Usage records waiting in the spool.");

    private readonly Counter _replayed = metrics.Factory.CreateCounter(
        "gateway_usage_replayed_records_total", "Spooled usage records replayed into the database.");

    private readonly Counter _replays = metrics.Factory.CreateCounter(
        "gateway_usage_spool_replays_total", "Spool segments replayed completely.");

    private readonly Counter _tornLines = metrics.Factory.CreateCounter(
        "gateway_usage_spool_torn_lines_total", "Spool lines ignored as torn (a crash mid-append) or unreadable.");

    private readonly Gauge _spoolMaxBytes = metrics.Factory.CreateGauge(
        "gateway_usage_spool_max_bytes", "The spool's size cap (Usage:MaxSpoolBytes); records past it are lost.");

    // Both series exist from the start, so increase() sees the first loss too.
    private readonly Counter _lost = MetricsRegistry.WithSeries(metrics.Factory.CreateCounter(
        "gateway_usage_records_lost_total",
        "Usage records neither written nor spooled, by reason: spool_full (the spool reached Usage:MaxSpoolBytes), disk_error (the disk refused them).", labelNames: ["reason"]),
        "spool_full", "disk_error");

    private readonly Counter _rejected = metrics.Factory.CreateCounter(
        "gateway_usage_records_rejected_total", "Usage records the database refused for their data, set aside in the spool's rejected file.");

    public void Rejected() => _rejected.Inc();

    public void SpoolCap(long bytes) => _spoolMaxBytes.Set(bytes);

    /// <summary>Records lost: <paramref name="spoolFull"/> when the spool's cap refused them, else the disk did.</summary>
    public void Lost(bool spoolFull, int records) => _lost.WithLabels(spoolFull ? "spool_full" : "disk_error").Inc(records);

    public void QueueDepth(int depth) => _queueDepth.Set(depth);

    public void BatchWritten(int records, double seconds)
    {
        _written.Inc(records);
        _batchSeconds.Observe(seconds);
    }

    public void BatchFailed() => _failures.Inc();

    public void Spooled(string reason, int records) => _spooled.WithLabels(reason).Inc(records);

    public void SpoolSize(long bytes, long records)
    {
        _spoolBytes.Set(bytes);
        _spoolRecords.Set(records);
    }

    public void Replayed(int records) => _replayed.Inc(records);

    public void SegmentReplayed() => _replays.Inc();

    public void TornLines(int count) => _tornLines.Inc(count);
}
