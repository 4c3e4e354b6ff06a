namespace Gateway.Proxy.Health;

/// <summary>The health model's services: one state per scope, the gate the attempt loop asks, the report and metrics.</summary>
internal static class HealthServices
{
    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddSingleton<DestinationOutlierDetector>();
        services.AddSingleton<ModelCooldowns>();
        services.AddSingleton<ProviderCredentialHealth>();
        services.AddSingleton<CandidateHealthGate>();
        services.AddSingleton<ProviderHealthReport>();
        services.AddSingleton<ProviderFailureJournal>();
        services.AddSingleton<HealthStateMetrics>();
        return services;
    }
}
