using Gateway.Data.Usage;
using Gateway.Proxy.Analytics;

namespace Gateway.Proxy.Usage;

/// <summary>Usage records into the database (queue, batched writer, spool), unless turned off; then to the log.</summary>
internal static class UsageStoreServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<UsageAnalyticsRepository>();
        if (configuration.GetValue<bool?>($"{UsageOptions.Section}:{nameof(UsageOptions.StoreInDatabase)}") == false)
        {
            services.AddSingleton<IUsageSink, LoggingUsageSink>();
            return;
        }
        services.AddSingleton<UsageBatchWriter>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<UsageOptions>>().Value;
            return new UsageSpool(options.ResolveSpoolDirectory(), maxBytes: options.MaxSpoolBytes);
        });
        services.AddSingleton<PostgresUsageSink>();
        services.AddSingleton<IUsageSink>(provider => provider.GetRequiredService<PostgresUsageSink>());
        services.AddHostedService<UsageWriterService>();
    }
}
