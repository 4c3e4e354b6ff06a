using System.Collections.Concurrent;
using Prometheus;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// Requests and their duration by endpoint kind (<c>chat</c>, <c>embeddings</c>, …; a fixed set) and status. The label
/// children are cached, so recording allocates nothing once a (kind, status) pair has been seen.
/// </summary>
internal sealed class EndpointMetrics(MetricsRegistry metrics)
{
    private readonly Counter _requestSeries = metrics.Factory.CreateCounter(
        "gateway_endpoint_requests_total", "Requests by endpoint kind and the HTTP status the client received.", labelNames: ["endpoint", "status"]);

    private readonly Histogram _durationSeries = metrics.Factory.CreateHistogram(
        "gateway_endpoint_request_duration_seconds", "Gateway latency by endpoint kind, from the request to its last byte.",
        new HistogramConfiguration { LabelNames = ["endpoint"], Buckets = GatewayMetrics.LatencyBuckets });

    private readonly ConcurrentDictionary<(string Endpoint, int Status), Counter.Child> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> _durations = new(StringComparer.Ordinal);

    /// <param name="endpoint">An endpoint kind's name: a bounded set, never client text.</param>
    public void Request(string endpoint, int status, double seconds)
    {
        _requests.GetOrAdd((endpoint, status), static (key, series) => series.WithLabels(key.Endpoint, key.Status.ToString(CultureInfo.InvariantCulture)), _requestSeries).Inc();
        _durations.GetOrAdd(endpoint, static (name, series) => series.WithLabels(name), _durationSeries).Observe(seconds);
    }
}
