using Gateway.Policies.Resilience;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Health;
using Gateway.Proxy.Metrics;

namespace Gateway.Proxy.Routing;

/// <summary>Routing's registrations: decisions, circuit breakers, per-target statistics, retry arithmetic and the health scopes.</summary>
internal static class RoutingServices
{
    public static void Add(IServiceCollection services, ProviderAdapterRegistry adapters)
    {
        services.AddOptions<ResilienceOptions>().BindConfiguration(ResilienceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new TargetStatistics(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(ResilienceOptionsBinding.Breakers);
        services.AddSingleton(provider => ResilienceOptionsBinding.Engine(provider, adapters.RoutingFeatures()));
        services.AddSingleton<RequestRouter>();
        services.AddSingleton<AttemptResilience>();
        services.AddSingleton<CircuitStateMetrics>();
        services.AddGatewayHealth();
        services.AddSingleton<KnownTargets>();
        services.AddSingleton<IdleTargetSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<IdleTargetSweeper>());
    }
}
