using System.Diagnostics;
using Gateway.Proxy.Metrics;
using Prometheus;

namespace Gateway.Tests.Metrics;

/// <summary>Exemplars (the current span's ids on an observation) only where the gateway exports traces.</summary>
[TestFixture]
public sealed class MetricsRegistryTests
{
    private static async Task<string> ObservedInSpan(bool recordExemplars)
    {
        var metrics = MetricsRegistry.CreateUnexported();
        metrics.RecordExemplars(recordExemplars);
        var counter = metrics.Factory.CreateCounter("gateway_test_observations_total", "Observations.", ["model"]);
        var histogram = metrics.Factory.CreateHistogram("gateway_test_duration_seconds", "Durations.", ["model"]);

        using var source = new ActivitySource("Gateway.Tests.Exemplars");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        using (source.StartActivity("request"))
        {
            counter.WithLabels("gpt-4o-mini").Inc();
            histogram.WithLabels("gpt-4o-mini").Observe(0.25);
        }

        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, ExpositionFormat.OpenMetricsText);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Test]
    public async Task Observations_carry_no_exemplar_when_traces_are_not_exported()
    {
        var text = await ObservedInSpan(recordExemplars: false);

        Assert.That(text, Does.Contain("gateway_test_observations_total{model=\"gpt-4o-mini\"} 1.0\n"));
        Assert.That(text, Does.Contain("gateway_test_duration_seconds_bucket{model=\"gpt-4o-mini\",le=\"0.25\"} 1\n"));
        Assert.That(text, Does.Not.Contain("trace_id"));
    }

    [Test]
    public async Task Observations_carry_the_span_as_exemplar_when_traces_are_exported()
    {
        var text = await ObservedInSpan(recordExemplars: true);

        const string Exemplar = " # \\{trace_id=\"[0-9a-f]{32}\",span_id=\"[0-9a-f]{16}\"\\}";
        Assert.That(text, Does.Match("gateway_test_observations_total\\{model=\"gpt-4o-mini\"\\} 1\\.0" + Exemplar));
        Assert.That(text, Does.Match("gateway_test_duration_seconds_bucket\\{model=\"gpt-4o-mini\",le=\"0\\.25\"\\} 1" + Exemplar));
    }
}
