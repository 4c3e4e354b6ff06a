using Gateway.Policies.Resilience;
using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy.Health;

/// <summary>
/// A provider's health as <c>/readyz</c> and the destinations gauge show it, from every scope: destinations in
/// service (active probes and ejections), the credential, models cooling down after a 429, circuits not closed.
/// </summary>
internal sealed class ProviderHealthReport(
    DestinationOutlierDetector destinations, ModelCooldowns cooldowns, ProviderCredentialHealth credentials, CircuitBreakerRegistry breakers)
{
    /// <summary>Destinations a request could be sent to now: not failing active probes, not ejected; none while the credential is out.</summary>
    public int InService(ProviderDefinition provider, ClusterState? cluster)
    {
        if (cluster is null || credentials.TryGetOutage(provider, out _))
        {
            return 0;
        }
        return destinations.InService(provider.Id, cluster.DestinationsState.AvailableDestinations).Count;
    }

    /// <summary>One destination: <c>healthy</c> (active probe passing), <c>unknown</c> (no probe), <c>unhealthy</c> (probe failing) or <c>ejected</c>.</summary>
    public string Describe(string providerId, DestinationState destination)
    {
        if (destination.Health.Active == DestinationHealth.Unhealthy)
        {
            return "unhealthy";
        }
        if (destinations.TryGetEjection(providerId, destination.DestinationId, out _))
        {
            return "ejected";
        }
        return destination.Health.Active == DestinationHealth.Healthy ? "healthy" : "unknown";
    }

    /// <summary>What is out of service now, taken once per report (allocates).</summary>
    public HealthOutages Capture() => new(destinations.Ejections(), cooldowns.Active(), breakers.Snapshot());

    /// <summary>Writes, inside the provider's object, what is out and why: <c>ejected</c>, <c>credential</c>, <c>cooling_down</c>, <c>circuits</c> (each only when non-empty).</summary>
    /// <param name="json">The writer, inside the provider's object.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="outages">What is out, captured once for the whole answer.</param>
    /// <param name="withCircuits">False where the caller writes every circuit itself (the dashboard's feed).</param>
    public void WriteOutages(Utf8JsonWriter json, ProviderDefinition provider, HealthOutages outages, bool withCircuits = true)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(outages);
        var wroteEjected = false;
        foreach (var ejection in outages.Ejections)
        {
            if (!string.Equals(ejection.ProviderId, provider.Id, StringComparison.Ordinal))
            {
                continue;
            }
            if (!wroteEjected)
            {
                json.WritePropertyName("ejected"u8);
                json.WriteStartObject();
                wroteEjected = true;
            }
            json.WritePropertyName(ejection.DestinationId);
            json.WriteStartObject();
            json.WriteString("until"u8, HealthTimes.Format(ejection.Until));
            json.WriteString("reason"u8, ejection.Reason);
            json.WriteNumber("ejections_in_a_row"u8, ejection.TimesInARow);
            json.WriteEndObject();
        }
        if (wroteEjected)
        {
            json.WriteEndObject();
        }

        if (credentials.TryGetOutage(provider, out var outage))
        {
            json.WritePropertyName("credential"u8);
            json.WriteStartObject();
            json.WriteString("rejected_until"u8, HealthTimes.Format(outage.Until));
            json.WriteNumber("rejections_in_a_row"u8, outage.Rejections);
            json.WriteEndObject();
        }

        var wroteCooling = false;
        foreach (var cooldown in outages.Cooldowns)
        {
            if (!string.Equals(cooldown.Target.ProviderId, provider.Id, StringComparison.Ordinal))
            {
                continue;
            }
            if (!wroteCooling)
            {
                json.WritePropertyName("cooling_down"u8);
                json.WriteStartObject();
                wroteCooling = true;
            }
            json.WritePropertyName(cooldown.Target.Model);
            json.WriteStartObject();
            json.WriteString("until"u8, HealthTimes.Format(cooldown.Until));
            json.WriteString("reason"u8, "429");
            if (cooldown.RetryAfter is { } retryAfter)
            {
                json.WriteNumber("retry_after_seconds"u8, retryAfter.TotalSeconds);
            }
            json.WriteEndObject();
        }
        if (wroteCooling)
        {
            json.WriteEndObject();
        }

        var wroteCircuits = false;
        foreach (var circuit in withCircuits ? outages.Circuits : [])
        {
            if (circuit.State == CircuitState.Closed || !string.Equals(circuit.ProviderId, provider.Id, StringComparison.Ordinal))
            {
                continue;
            }
            if (!wroteCircuits)
            {
                json.WritePropertyName("circuits"u8);
                json.WriteStartObject();
                wroteCircuits = true;
            }
            json.WritePropertyName(circuit.Model);
            json.WriteStartObject();
            json.WriteString("state"u8, circuit.State == CircuitState.Open ? "open" : "half_open");
            json.WriteNumber("retry_after_seconds"u8, Math.Round(circuit.RetryAfter.TotalSeconds, 1));
            json.WriteEndObject();
        }
        if (wroteCircuits)
        {
            json.WriteEndObject();
        }
    }
}
