using Gateway.Policies.Resilience;
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
    private readonly Gauge _ejected = Prometheus.Metrics.CreateGauge(
        "gateway_destination_ejected_seconds", "Seconds until an ejected provider destination (base URL) is back in service; present only while it is out.",
        new GaugeConfiguration { LabelNames = ["provider", "destination"] });

    private readonly Gauge _cooldown = Prometheus.Metrics.CreateGauge(
        "gateway_model_cooldown_seconds", "Seconds until a (provider, model) pair rate limited by its provider (429) is back; present only while it cools down.",
        new GaugeConfiguration { LabelNames = ["provider", "model"] });

    private readonly Gauge _credential = Prometheus.Metrics.CreateGauge(
        "gateway_provider_credential_out_seconds", "Seconds until a provider whose credential was rejected repeatedly is tried again; present only while it is out.",
        new GaugeConfiguration { LabelNames = ["provider"] });

    private readonly Counter _panic = Prometheus.Metrics.CreateCounter(
        "gateway_panic_attempts_total", "Attempts sent to a candidate that was out of service because every candidate of the request was (panic routing).",
        new CounterConfiguration { LabelNames = ["provider"] });

    private readonly HashSet<(string, string)> _ejectedSeries = [];
    private readonly HashSet<TargetKey> _cooldownSeries = [];
    private readonly HashSet<string> _credentialSeries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile bool _disposed;

    public HealthStateMetrics(DestinationOutlierDetector destinations, ModelCooldowns cooldowns, ProviderCredentialHealth credentials, TimeProvider time)
    {
        // The registry offers no way to remove a callback; a stopped host's callback goes quiet instead.
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            if (_disposed)
            {
                return;
            }
            var now = time.GetUtcNow();
            lock (_gate)
            {
                var ejected = new HashSet<(string, string)>();
                foreach (var ejection in destinations.Ejections())
                {
                    _ejected.WithLabels(ejection.ProviderId, ejection.DestinationId).Set((ejection.Until - now).TotalSeconds);
                    ejected.Add((ejection.ProviderId, ejection.DestinationId));
                }
                Retire(_ejectedSeries, ejected, key => _ejected.RemoveLabelled(key.Item1, key.Item2));

                var cooling = new HashSet<TargetKey>();
                foreach (var cooldown in cooldowns.Active())
                {
                    _cooldown.WithLabels(cooldown.Target.ProviderId, cooldown.Target.Model).Set((cooldown.Until - now).TotalSeconds);
                    cooling.Add(cooldown.Target);
                }
                Retire(_cooldownSeries, cooling, key => _cooldown.RemoveLabelled(key.ProviderId, key.Model));

                var outages = new HashSet<string>(StringComparer.Ordinal);
                foreach (var outage in credentials.Outages())
                {
                    _credential.WithLabels(outage.ProviderId).Set((outage.Until - now).TotalSeconds);
                    outages.Add(outage.ProviderId);
                }
                Retire(_credentialSeries, outages, key => _credential.RemoveLabelled(key));
            }
        });
    }

    public void PanicAttempt(string providerId) => _panic.WithLabels(providerId).Inc();

    public void Dispose() => _disposed = true;

    /// <summary>Removes the series of what is back in service, so they do not linger at a stale value.</summary>
    private static void Retire<T>(HashSet<T> reported, HashSet<T> current, Action<T> remove)
    {
        foreach (var key in reported)
        {
            if (!current.Contains(key))
            {
                remove(key);
            }
        }
        reported.Clear();
        reported.UnionWith(current);
    }
}
