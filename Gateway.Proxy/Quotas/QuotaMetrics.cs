using Gateway.Policies.Quotas;
using Gateway.Policies.Vocabulary;
using Gateway.Proxy.Metrics;
using Prometheus;

namespace Gateway.Proxy.Quotas;

/// <summary>Quota series: rejections, leases and the time requests waited for one. Labels are enum words, never ids.</summary>
internal sealed class QuotaMetrics(MetricsRegistry metrics)
{
    private static readonly double[] WaitBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Counter _rejections = metrics.Factory.CreateCounter(
        "gateway_quota_rejections_total", "Requests refused by a quota or rate limit, by the limit's subject kind and metric (requests, tokens, cost, concurrency).", labelNames: ["subject_kind", "metric"]);

    private readonly Counter _leases = metrics.Factory.CreateCounter(
        "gateway_quota_leases_total",
        "Lease attempts by metric and outcome: granted (in full), partial (the window is nearly used up), refused (it is used up), failed (source unreachable).", labelNames: ["metric", "outcome"]);

    private readonly Histogram _leaseWait = metrics.Factory.CreateHistogram(
        "gateway_quota_lease_wait_seconds", "Time a request waited for a lease because its replica's slice was empty.",
        new HistogramConfiguration { LabelNames = ["metric"], Buckets = WaitBuckets });

    public void Rejected(QuotaSubjectKind subject, QuotaMeasure measure) => _rejections.WithLabels(Words.QuotaSubjects.Word(subject), Words.QuotaMeasures.Word(measure)).Inc();

    /// <summary>A request refused because its key had its limit of requests in flight.</summary>
    public void ConcurrencyRejected() => _rejections.WithLabels("key", "concurrency").Inc();

    public void Lease(QuotaMeasure measure, string outcome) => _leases.WithLabels(Words.QuotaMeasures.Word(measure), outcome).Inc();

    public void LeaseWait(QuotaMeasure measure, double seconds) => _leaseWait.WithLabels(Words.QuotaMeasures.Word(measure)).Observe(seconds);
}
