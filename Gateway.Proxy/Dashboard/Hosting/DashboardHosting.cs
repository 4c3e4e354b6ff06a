using Gateway.Proxy.Analytics;
using Gateway.Proxy.Dashboard.Assets;
using Gateway.Proxy.Dashboard.Sessions;
using Gateway.Data.Usage;
using Gateway.Proxy.Operations;

namespace Gateway.Proxy.Dashboard.Hosting;

/// <summary>
/// Registers and maps the web dashboard (<c>/dashboard/</c>) and the admin endpoints it reads beyond the admin API's
/// resources: sign-in sessions (<c>/admin/v1/session</c>), the request log (<c>/admin/v1/requests</c>) and live health
/// (<c>/admin/v1/health</c>). The admin endpoints exist only with a database, like the rest of the admin API.
/// </summary>
internal static class DashboardHosting
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration, bool database)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (!IsEnabled(configuration))
        {
            return;
        }
        // Served without a database too: its sign-in then says the admin API needs one.
        services.AddSingleton<DashboardAssets>();
        if (!database)
        {
            return;
        }
        services.AddSingleton(provider => DashboardSessionSecret.FromConfiguration(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<DashboardSessionCodec>();
        services.AddSingleton<DashboardSessionAuthenticator>();
        services.AddSingleton<RequestLogRepository>();
        services.AddSingleton<HealthFeedWriter>();
    }

    public static void Map(WebApplication app)
    {
        if (app.Services.GetService<DashboardAssets>() is not { } assets)
        {
            return;
        }
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardHosting).FullName!);
        if (!assets.Built)
        {
            DashboardLog.NotBuilt(logger);
        }
        DashboardAssetEndpoints.Map(app);
        if (app.Services.GetService<DashboardSessionSecret>() is not { } secret)
        {
            return;
        }
        if (secret.IsEphemeral)
        {
            DashboardLog.SessionSecretEphemeral(logger);
        }
        DashboardSessionEndpoints.Map(app);
        RequestLogEndpoints.Map(app);
        ProviderHealthEndpoints.Map(app);
    }

    private static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>($"{DashboardOptions.Section}:{nameof(DashboardOptions.Enabled)}") != false;
}
