using Gateway.Policies.Resilience;
using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy.Health;

/// <summary>
/// Asks every health scope about one candidate before it is tried: the provider account (credential rejected),
/// the (provider, model) pair (cooling down after a 429, circuit open) and its destinations (ejected, or failing their
/// active probes). Reads only; what attempts teach goes in through <c>AttemptResilience</c>.
/// </summary>
internal sealed class CandidateHealthGate(
    ProviderCredentialHealth credentials, ModelCooldowns cooldowns, CircuitBreakerRegistry breakers, DestinationOutlierDetector destinations, TimeProvider time)
{
    public HealthVerdict Check(RouteTarget target, ClusterState cluster)
    {
        var provider = target.Provider;
        var now = time.GetUtcNow();
        string? reason = null;
        var backAt = now;

        if (credentials.TryGetOutage(provider, out var outage))
        {
            Out(ref reason, ref backAt, $"its credential was rejected {outage.Rejections} times in a row: out until {HealthTimes.Format(outage.Until)}", outage.Until);
        }
        if (cooldowns.TryGet(provider.Id, target.Model, out var cooldown))
        {
            Out(ref reason, ref backAt, $"cooling down (429) until {HealthTimes.Format(cooldown.Until)}", cooldown.Until);
        }
        if (breakers.TryGet(provider.Id, target.Model, out var breaker) && breaker!.State == CircuitState.Open)
        {
            var until = now + breaker.RetryAfter;
            Out(ref reason, ref backAt, $"circuit open until {HealthTimes.Format(until)}", until);
        }

        var available = cluster.DestinationsState.AvailableDestinations;
        var inService = destinations.InService(provider.Id, available);
        if (inService.Count == 0)
        {
            if (available.Count == 0)
            {
                // Only active probes take a destination out of YARP's list; when they pass again is not known.
                Out(ref reason, ref backAt, "no destination passes its active health check", DateTimeOffset.MaxValue);
            }
            else
            {
                var back = destinations.SoonestBack(provider.Id, available) ?? now;
                Out(ref reason, ref backAt, $"every destination ejected until {HealthTimes.Format(back)}", back);
            }
        }
        return new HealthVerdict(inService, reason, backAt);
    }

    /// <summary>The destinations to send a panic attempt to: those in service, else every one (YARP's "healthy or panic").</summary>
    public IReadOnlyList<DestinationState> PanicDestinations(RouteTarget target, ClusterState cluster)
    {
        var inService = destinations.InService(target.Provider.Id, cluster.DestinationsState.AvailableDestinations);
        return inService.Count > 0 ? inService : cluster.DestinationsState.AllDestinations;
    }

    private static void Out(ref string? reason, ref DateTimeOffset backAt, string why, DateTimeOffset until)
    {
        reason = reason is null ? why : $"{reason}; {why}";
        if (until > backAt)
        {
            backAt = until;
        }
    }
}
