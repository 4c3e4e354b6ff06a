using System.Collections.Concurrent;
using Gateway.Proxy.Metrics;
using Prometheus;

namespace Gateway.Proxy.Cache;

/// <summary>
/// The response cache's series. Labels are bounded: <c>tier</c> is <c>memory</c> or <c>database</c>, <c>alias</c> an
/// alias the caller could see (<see cref="Metrics.MetricLabels.RequestedModel"/>), <c>reason</c> a fixed word.
/// </summary>
internal sealed class ResponseCacheMetrics(MetricsRegistry metrics)
{
    public const string Memory = "memory";
    public const string Database = "database";

    private readonly Counter _hits = metrics.Factory.CreateCounter(
        "gateway_response_cache_hits_total", "Requests answered from the response cache, by the tier that had the entry.", labelNames: ["tier", "alias"]);

    private readonly Counter _misses = metrics.Factory.CreateCounter(
        "gateway_response_cache_misses_total", "Cacheable requests looked up and not found.", labelNames: ["alias"]);

    private readonly Counter _bypasses = metrics.Factory.CreateCounter(
        "gateway_response_cache_bypasses_total", "Requests for a cached alias not looked up (cache-control, or sampling the alias does not cache).", labelNames: ["alias"]);

    private readonly Counter _stores = metrics.Factory.CreateCounter(
        "gateway_response_cache_stores_total", "Answers stored, by tier.", labelNames: ["tier", "alias"]);

    private readonly Counter _evictions = metrics.Factory.CreateCounter(
        "gateway_response_cache_evictions_total", "Entries removed before or at their expiry, by tier and reason (capacity, expired).", labelNames: ["tier", "reason"]);

    private readonly Gauge.Child _memoryBytes = metrics.Factory.CreateGauge(
        "gateway_response_cache_bytes", "Bytes of answers held in the memory tier.", labelNames: ["tier"]).WithLabels(Memory);

    private readonly Counter.Child _databaseErrors = metrics.Factory.CreateCounter(
        "gateway_response_cache_database_errors_total", "Database tier operations that failed or timed out (the request went on with memory only).").WithLabels();

    private readonly ConcurrentDictionary<(Counter Metric, string First, string? Second), Counter.Child> _children = new();

    public void Hit(string tier, string alias) => Child(_hits, tier, alias).Inc();

    public void Miss(string alias) => Child(_misses, alias, null).Inc();

    public void Bypass(string alias) => Child(_bypasses, alias, null).Inc();

    public void Stored(string tier, string alias) => Child(_stores, tier, alias).Inc();

    public void Evicted(string tier, string reason, long count = 1) => Child(_evictions, tier, reason).Inc(count);

    public void MemoryBytes(long delta) => _memoryBytes.Inc(delta);

    public void DatabaseError() => _databaseErrors.Inc();

    /// <summary>The label child, cached: recording allocates nothing once a label pair has been seen.</summary>
    private Counter.Child Child(Counter metric, string first, string? second) =>
        _children.GetOrAdd((metric, first, second), static key => key.Second is null ? key.Metric.WithLabels(key.First) : key.Metric.WithLabels(key.First, key.Second));
}
