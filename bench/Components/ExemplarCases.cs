using System.Diagnostics;
using Prometheus;

namespace Gateway.Bench.Components;

/// <summary>
/// Ten observations under one sampled span (six counters, four histograms: about what a chat request records), with
/// prometheus-net's default exemplars (the span's ids on each) and without them (<see cref="ExemplarBehavior.NoExemplars"/>,
/// what the gateway asks for when it exports no traces). Both include starting and stopping the span.
/// </summary>
internal static class ExemplarCases
{
    public static void Run(int operations)
    {
        using var source = new ActivitySource("Gateway.Bench.Components");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        foreach (var exemplars in new[] { true, false, true, false })
        {
            var factory = Metrics.WithCustomRegistry(Metrics.NewCustomRegistry());
            factory.ExemplarBehavior = exemplars ? null : ExemplarBehavior.NoExemplars();
            var counters = new Counter.Child[6];
            for (var i = 0; i < counters.Length; i++)
            {
                counters[i] = factory.CreateCounter($"bench_counter_{i}_total", "Bench.", ["model", "provider"]).WithLabels("gpt-4o-mini", "fake");
            }
            var histograms = new Histogram.Child[4];
            for (var i = 0; i < histograms.Length; i++)
            {
                histograms[i] = factory.CreateHistogram($"bench_histogram_{i}_seconds", "Bench.", ["model", "provider"]).WithLabels("gpt-4o-mini", "fake");
            }
            CpuTime.Measure(exemplars ? "ten observations in a span, exemplars (default)" : "ten observations in a span, no exemplars", operations, () =>
            {
                using var span = source.StartActivity("request");
                foreach (var counter in counters)
                {
                    counter.Inc();
                }
                foreach (var histogram in histograms)
                {
                    histogram.Observe(0.25);
                }
            });
        }
    }
}
