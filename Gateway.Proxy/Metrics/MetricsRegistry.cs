using Prometheus;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// Where a gateway host's series go: prometheus-net's default registry, which <c>/metrics</c> serves, or a private one
/// for a host whose requests must not be counted (the start-up warm-up's, <see cref="Hosting.WarmUp.RequestPathWarmUp"/>).
/// </summary>
internal sealed class MetricsRegistry
{
    private MetricsRegistry(CollectorRegistry registry)
    {
        Registry = registry;
        Factory = Prometheus.Metrics.WithCustomRegistry(registry);
    }

    /// <summary>The registry <c>/metrics</c> exports.</summary>
    public static MetricsRegistry Default { get; } = new(Prometheus.Metrics.DefaultRegistry);

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    /// <summary>Creates the series of <paramref name="counter"/> for each label value now, so <c>increase()</c> sees the first one counted.</summary>
    public static Counter WithSeries(Counter counter, params ReadOnlySpan<string> values)
    {
        ArgumentNullException.ThrowIfNull(counter);
        foreach (var value in values)
        {
            counter.WithLabels(value);
        }
        return counter;
    }

    /// <summary>
    /// Whether series created from now on carry exemplars (the current span's trace and span ids on each observation).
    /// prometheus-net's default gives every observation one, about 0.1 µs each and ~1 µs a chat request
    /// (bench/README.md); without a trace exporter those ids lead to no trace, so the gateway asks for them only when
    /// it exports traces. Series already created keep what they had (in a test process, the first host's choice).
    /// </summary>
    public void RecordExemplars(bool record) => Factory.ExemplarBehavior = record ? null : ExemplarBehavior.NoExemplars();

    /// <summary>A registry nothing exports.</summary>
    public static MetricsRegistry CreateUnexported() => new(Prometheus.Metrics.NewCustomRegistry());
}
