namespace Gateway.Proxy.Quotas;

/// <summary>Quotas' registrations: with a database, limits are counted there in leased slices shared by every replica; without one, in memory per replica.</summary>
internal static class QuotaServices
{
    public static void Add(IServiceCollection services, bool database)
    {
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddKeyedSingleton(QuotaClock.ServiceKey, static (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.AddSingleton<QuotaMetrics>();
        if (database)
        {
            services.AddSingleton<IQuotaLeaseSource, DatabaseQuotaLeaseSource>();
        }
        else
        {
            services.AddSingleton<IQuotaLeaseSource, LocalQuotaLeaseSource>();
        }
        services.AddSingleton<QuotaCounterRegistry>();
        services.AddSingleton<QuotaEnforcer>();
        services.AddSingleton<KeyConcurrencyLimiter>();
        services.AddHostedService<QuotaMaintenanceService>();
    }
}
