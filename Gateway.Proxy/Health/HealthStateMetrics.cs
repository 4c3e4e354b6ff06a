using Gateway.Policies.Resilience;
using Gateway.Proxy.Metrics;
using Prometheus;

namespace Gateway.Proxy.Health;

/// <summary>
/// What is out of service and until when, read from the health scopes at scrape time:
/// <c>gateway_destination_ejected_seconds{provider,destination}</c>, <c>gateway_model_cooldown_seconds{provider,model}</c>
/// and <c>gateway_provider_credential_out_seconds{provider}</c> (seconds until back; a series exists only while out),
/// plus <c>gateway_panic_attempts_total{provider}</c>. The circuits are <c>gateway_circuit_state</c>.
/// </summary>
internal sealed class HealthStateMetrics : IDisposable
{
    private readonly Gauge _ejected;
    private readonly Gauge _cooldown;
    private readonly Gauge _credential;
    private readonly Counter _panic;

    private readonly ScrapedSeries<(string ProviderId, string DestinationId)> _ejectedSeries;
    private readonly ScrapedSeries<TargetKey> _cooldownSeries;
    private readonly ScrapedSeries<string> _credentialSeries;
    private readonly ScrapeCallback _scrape;

    public HealthStateMetrics(DestinationOutlierDetector destinations, ModelCooldowns cooldowns, ProviderCredentialHealth credentials, TimeProvider time, MetricsRegistry metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _ejected = metrics.Factory.CreateGauge(
            "gateway_destination_ejected_seconds", "Seconds until an ejected provider destination (base URL) is back in service; present only while it is out.", labelNames: ["provider", "destination"]);
        _cooldown = metrics.Factory.CreateGauge(
            "gateway_model_cooldown_seconds", "Seconds until a (provider, model) pair rate limited by its provider (429) is back; present only while it cools down.", labelNames: ["provider", "model"]);
        _credential = metrics.Factory.CreateGauge(
            "gateway_provider_credential_out_seconds", "Seconds until a provider whose credential was rejected repeatedly is tried again; present only while it is out.", labelNames: ["provider"]);
        _panic = metrics.Factory.CreateCounter(
            "gateway_panic_attempts_total", "Attempts sent to a candidate that was out of service because every candidate of the request was (panic routing).", labelNames: ["provider"]);
        _ejectedSeries = new(key => _ejected.RemoveLabelled(key.ProviderId, key.DestinationId));
        _cooldownSeries = new(key => _cooldown.RemoveLabelled(key.ProviderId, key.Model));
        _credentialSeries = new(key => _credential.RemoveLabelled(key), StringComparer.Ordinal);
        _scrape = new ScrapeCallback(metrics, () =>
        {
            var now = time.GetUtcNow();
            foreach (var ejection in destinations.Ejections())
            {
                _ejected.WithLabels(ejection.ProviderId, ejection.DestinationId).Set((ejection.Until - now).TotalSeconds);
                _ejectedSeries.Report((ejection.ProviderId, ejection.DestinationId));
            }
            _ejectedSeries.RetireUnreported();

            foreach (var cooldown in cooldowns.Active())
            {
                _cooldown.WithLabels(cooldown.Target.ProviderId, cooldown.Target.Model).Set((cooldown.Until - now).TotalSeconds);
                _cooldownSeries.Report(cooldown.Target);
            }
            _cooldownSeries.RetireUnreported();

            foreach (var outage in credentials.Outages())
            {
                _credential.WithLabels(outage.ProviderId).Set((outage.Until - now).TotalSeconds);
                _credentialSeries.Report(outage.ProviderId);
            }
            _credentialSeries.RetireUnreported();
        });
    }

    public void PanicAttempt(string providerId) => _panic.WithLabels(providerId).Inc();

    public void Dispose() => _scrape.Dispose();
}
