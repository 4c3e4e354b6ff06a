using Gateway.Proxy.Quotas;

namespace Gateway.Proxy.Hosting;

/// <summary>The graceful shutdown's services (<see cref="GracefulShutdownService"/>) and the host timeout that fits them.</summary>
internal static class ShutdownServices
{
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReadinessState>();
        services.AddSingleton<DrainDeadline>();
        services.AddHostedService<GracefulShutdownService>();
        // The host cancels every step once its shutdown timeout (30 s by default, DOTNET_shutdownTimeoutSeconds) has
        // passed: make it at least the whole sequence, so no step is cut short by a number set elsewhere.
        services.AddOptions<HostOptions>().PostConfigure<IOptions<ShutdownOptions>, IOptions<QuotaOptions>>((host, shutdown, quotas) =>
        {
            var budget = shutdown.Value.Budget(quotas.Value.ShutdownReleaseSeconds);
            if (host.ShutdownTimeout != Timeout.InfiniteTimeSpan && host.ShutdownTimeout < budget)
            {
                host.ShutdownTimeout = budget;
            }
        });
        return services;
    }
}
