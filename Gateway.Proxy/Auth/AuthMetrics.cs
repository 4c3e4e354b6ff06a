using Gateway.Proxy.Metrics;
using Prometheus;

namespace Gateway.Proxy.Auth;

/// <summary><c>gateway_auth_rejections_total{reason}</c>: requests refused at authentication, by why.</summary>
internal sealed class AuthMetrics(MetricsRegistry metrics)
{
    private readonly Counter _rejections = MetricsRegistry.WithSeries(metrics.Factory.CreateCounter(
        "gateway_auth_rejections_total",
        "Requests refused at authentication: invalid_key (unknown or malformed key, 401), throttled (the address failed too often, 429).", labelNames: ["reason"]), "invalid_key", "throttled");

    public void InvalidKey() => _rejections.WithLabels("invalid_key").Inc();

    public void Throttled() => _rejections.WithLabels("throttled").Inc();
}
