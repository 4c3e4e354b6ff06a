using Gateway.Policies.Resilience;
using Prometheus;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// <c>gateway_circuit_state{provider,model}</c> (0 closed, 1 open, 2 half-open) and how often each opened, read from
/// the breakers at scrape time rather than kept in step with every change. Only targets the catalog knows are
/// exported (a client may address any <c>provider/model</c>, and each would be a series); the series of a breaker
/// that is gone, or a target no longer known, are removed.
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

    private readonly Lock _gate = new();
    private HashSet<TargetKey> _exported = [];

    public CircuitStateMetrics(CircuitBreakerRegistry breakers, KnownTargets known)
    {
        ArgumentNullException.ThrowIfNull(breakers);
        ArgumentNullException.ThrowIfNull(known);
        // The registry offers no way to remove a callback; a stopped host's callback goes quiet instead.
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            if (_disposed)
            {
                return;
            }
            lock (_gate)
            {
                var exported = new HashSet<TargetKey>();
                foreach (var circuit in breakers.Snapshot())
                {
                    var key = new TargetKey(circuit.ProviderId, circuit.Model);
                    if (!known.Contains(key))
                    {
                        continue;
                    }
                    exported.Add(key);
                    _state.WithLabels(circuit.ProviderId, circuit.Model).Set((int)circuit.State);
                    _opened.WithLabels(circuit.ProviderId, circuit.Model).Set(circuit.TimesOpened);
                }
                foreach (var gone in _exported)
                {
                    if (!exported.Contains(gone))
                    {
                        _state.RemoveLabelled(gone.ProviderId, gone.Model);
                        _opened.RemoveLabelled(gone.ProviderId, gone.Model);
                    }
                }
                _exported = exported;
            }
        });
    }

    public void Dispose() => _disposed = true;
}
