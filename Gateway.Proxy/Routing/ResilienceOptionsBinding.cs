using Gateway.Policies.Capabilities;
using Gateway.Policies.Resilience;
using Gateway.Proxy.Kinds;
using Gateway.Proxy.Forwarding;

namespace Gateway.Proxy.Routing;

/// <summary>
/// Builds the circuit breakers and the routing engine from <c>Gateway:Resilience</c> and keeps them on its current
/// values: an edit of the config file (validated in full before it is taken) reaches them without a restart, and
/// the breakers keep their state.
/// </summary>
internal static class ResilienceOptionsBinding
{
    public static CircuitBreakerRegistry Breakers(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptionsMonitor<ResilienceOptions>>();
        var breakers = new CircuitBreakerRegistry(options.CurrentValue.ToBreakerOptions(), services.GetRequiredService<TimeProvider>());
        // Both live as long as the process: the subscription needs no disposing.
        _ = options.OnChange(changed => breakers.Reconfigure(changed.ToBreakerOptions()));
        return breakers;
    }

    public static RoutingEngine Engine(IServiceProvider services, IReadOnlyDictionary<string, RequestFeatures> kindFeatures)
    {
        var options = services.GetRequiredService<IOptionsMonitor<ResilienceOptions>>();
        var engine = new RoutingEngine(
            new CandidateOrderer(Random.Shared, services.GetRequiredService<TargetStatistics>()),
            new CapabilityMatcher(kindFeatures),
            // No breakers: the attempt loop asks every health scope, breakers included, so that an open circuit is
            // skipped like any other outage and can still be tried when every candidate is out (panic).
            breakers: null,
            EngineOptions(options.CurrentValue),
            new KindMatcher(services.GetRequiredService<EndpointKindRegistry>().ProviderKinds(services.GetRequiredService<ProviderAdapterRegistry>())));
        _ = options.OnChange(changed => engine.Reconfigure(EngineOptions(changed)));
        return engine;
    }

    private static RoutingEngineOptions EngineOptions(ResilienceOptions options) => new() { DefaultOutputTokens = options.DefaultOutputTokens };
}
