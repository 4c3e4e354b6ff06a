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
    private readonly Gauge _state;
    private readonly Gauge _opened;

    private readonly ScrapedSeries<TargetKey> _exported;
    private readonly ScrapeCallback _scrape;

    public CircuitStateMetrics(CircuitBreakerRegistry breakers, KnownTargets known, MetricsRegistry metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _state = metrics.Factory.CreateGauge(
            "gateway_circuit_state", "Circuit breaker state per provider and model: 0 closed, 1 open, 2 half-open.", labelNames: ["provider", "model"]);
        _opened = metrics.Factory.CreateGauge(
            "gateway_circuit_opened", "How many times the circuit of a provider and model has opened since start.", labelNames: ["provider", "model"]);
        ArgumentNullException.ThrowIfNull(breakers);
        ArgumentNullException.ThrowIfNull(known);
        _exported = new(gone =>
        {
            _state.RemoveLabelled(gone.ProviderId, gone.Model);
            _opened.RemoveLabelled(gone.ProviderId, gone.Model);
        });
        _scrape = new ScrapeCallback(metrics, () =>
        {
            foreach (var circuit in breakers.Snapshot())
            {
                var key = new TargetKey(circuit.ProviderId, circuit.Model);
                if (!known.Contains(key))
                {
                    continue;
                }
                _exported.Report(key);
                _state.WithLabels(circuit.ProviderId, circuit.Model).Set((int)circuit.State);
                _opened.WithLabels(circuit.ProviderId, circuit.Model).Set(circuit.TimesOpened);
            }
            _exported.RetireUnreported();
        });
    }

    public void Dispose() => _scrape.Dispose();
}
