using System.Diagnostics;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// prometheus-net's HTTP server series (<c>http_requests_received_total</c>, <c>http_request_duration_seconds</c>,
/// <c>http_requests_in_progress</c>, same names and <c>code</c>, <c>method</c>, <c>endpoint</c> labels) with every label
/// bounded: the method is one of the standard ones or <c>other</c>, the endpoint is the matched route pattern (never the
/// raw path) or <c>none</c>. prometheus-net's own middleware labels the raw method, so <c>FOO123 /healthz</c> made a
/// series per invented method.
/// </summary>
internal sealed class HttpServerMetricsMiddleware(RequestDelegate next, MetricsRegistry metrics)
{
    private const string NoEndpoint = "none";

    private readonly Counter _requests = metrics.Factory.CreateCounter(
        "http_requests_received_total", "HTTP requests answered by the gateway's non-chat endpoints.", labelNames: ["code", "method", "endpoint"]);

    private readonly Histogram _duration = metrics.Factory.CreateHistogram(
        "http_request_duration_seconds", "Time to answer a request to a non-chat endpoint.", labelNames: ["code", "method", "endpoint"]);

    private readonly Gauge _inProgress = metrics.Factory.CreateGauge(
        "http_requests_in_progress", "Requests to non-chat endpoints being answered.", labelNames: ["method", "endpoint"]);

    public async Task InvokeAsync(HttpContext context)
    {
        var method = MetricLabels.Method(context.Request.Method);
        var started = Stopwatch.GetTimestamp();
        var inProgress = _inProgress.WithLabels(method, Endpoint(context));
        inProgress.Inc();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            inProgress.Dec();
            // The endpoint may have been chosen by a later routing step (the reverse proxy's): read it again.
            var endpoint = Endpoint(context);
            var code = StatusCode(context.Response.StatusCode);
            _requests.WithLabels(code, method, endpoint).Inc();
            _duration.WithLabels(code, method, endpoint).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static string Endpoint(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? pattern : NoEndpoint;

    /// <summary>Any status the server can send is 100-999 (Kestrel refuses others), so at most 900 values.</summary>
    private static string StatusCode(int status) => status switch
    {
        200 => "200",
        401 => "401",
        404 => "404",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
