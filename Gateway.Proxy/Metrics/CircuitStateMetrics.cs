using Gateway.Policies.Resilience;
using Prometheus;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// <c>gateway_circuit_state{provider,model}</c> (0 closed, 1 open, 2 half-open) and how often each opened, read from
/// the breakers at scrape time rather than kept in step with every change.
/// </summary>
internal sealed class CircuitStateMetrics : IDisposable
{
    private volatile bool _disposed;

    private readonly Gauge _state = Prometheus.Metrics.CreateGauge(
        "gateway_circuit_state", "Circuit breaker state per provider and model: 0 closed, 1 open, 2 half-open.",
        new GaugeConfiguration { LabelNames = ["provider", "model"] });

    private readonly Gauge _opened = Prometheus.Metrics.CreateGauge(
        "gateway_circuit_opened", "How many times the circuit of a provider and model has opened since start.",
        new GaugeConfiguration { LabelNames = ["provider", "model"] });

    public CircuitStateMetrics(CircuitBreakerRegistry breakers)
    {
        ArgumentNullException.ThrowIfNull(breakers);
        // The registry offers no way to remove a callback; a stopped host's callback goes quiet instead.
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            if (_disposed)
            {
                return;
            }
            foreach (var circuit in breakers.Snapshot())
            {
                _state.WithLabels(circuit.ProviderId, circuit.Model).Set((int)circuit.State);
                _opened.WithLabels(circuit.ProviderId, circuit.Model).Set(circuit.TimesOpened);
            }
        });
    }

    public void Dispose() => _disposed = true;
}
