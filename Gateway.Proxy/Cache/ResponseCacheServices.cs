using Gateway.Data.Cache;

namespace Gateway.Proxy.Cache;

/// <summary>The response cache's registrations: options, its clock, both tiers (the database one only with a database) and its background work.</summary>
internal static class ResponseCacheServices
{
    public static void Add(IServiceCollection services, bool database)
    {
        services.AddOptions<ResponseCacheOptions>().BindConfiguration(ResponseCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddKeyedSingleton(ResponseCacheClock.ServiceKey, static (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.AddSingleton<ResponseCacheMetrics>();
        services.AddSingleton<MemoryCacheTier>();
        if (database)
        {
            services.AddSingleton<ResponseCacheRepository>();
        }
        services.AddSingleton<DatabaseCacheTier>();
        services.AddSingleton<ResponseCache>();
        services.AddHostedService<ResponseCacheDatabaseService>();
    }
}
