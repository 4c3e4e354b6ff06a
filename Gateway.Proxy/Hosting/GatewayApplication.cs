using Gateway.Data.DependencyInjection;
using Gateway.Data.Usage;
using Gateway.Policies.Routing;
using Gateway.Proxy.Data;
using Gateway.Proxy.Analytics;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Endpoints;
using Gateway.Proxy.Errors;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Options;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Proxy;
using Gateway.Proxy.Usage;
using Microsoft.Extensions.Options;
using Prometheus;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Gateway.Proxy.Hosting;

/// <summary>Builds the gateway's web application; used by Program and by the tests, which host it in-process.</summary>
public static class GatewayApplication
{
    public static WebApplication Build(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var files = GatewayConfigFiles.Resolve(args);
        var hostArgs = GatewayConfigFiles.StripConfigArgument(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = hostArgs });

        var status = new ConfigReloadStatus();
        var adapters = new ProviderAdapterRegistry();
        var loader = new CatalogLoader(files, adapters);
        ((IConfigurationBuilder)builder.Configuration).Add(new GatewayConfigFileSource
        {
            Files = files,
            Status = status,
            Validate = data => loader.Load(new ConfigurationBuilder().AddInMemoryCollection(data).AddEnvironmentVariables().Build()).Errors,
        });
        // The file is the base; environment variables and the command line override single fields.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(hostArgs);

        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Enforced per request from the live option, so it can change without a restart.
            kestrel.Limits.MaxRequestBodySize = null;
        });

        AddGatewayServices(builder.Services, files, status, adapters, loader);
        AddDatabaseServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    private static void AddGatewayServices(IServiceCollection services, GatewayConfigFiles files, ConfigReloadStatus status, ProviderAdapterRegistry adapters, CatalogLoader loader)
    {
        services.AddSingleton(files);
        services.AddSingleton(status);
        services.AddSingleton(adapters);
        services.AddSingleton(loader);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<GatewayLimitsOptions>().BindConfiguration(GatewayLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GatewayTimeoutsOptions>().BindConfiguration(GatewayTimeoutsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PassiveHealthOptions>().BindConfiguration(PassiveHealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<CatalogPublisher>();
        services.AddSingleton(new CandidateOrderer(Random.Shared));
        services.AddSingleton<ModelResolver>();
        services.AddSingleton<GatewayMetrics>();
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UsageWriterMetrics>();
        services.AddSingleton<ITokenEstimator, ByteRatioTokenEstimator>();
        services.AddSingleton<AttemptBiller>();
        services.AddSingleton<AttemptFinisher>();
        services.AddSingleton<RequestCompletionRecorder>();

        services.AddSingleton<IProxyConfigProvider, GatewayProxyConfigProvider>();
        services.AddSingleton<IForwarderHttpClientFactory, GatewayHttpClientFactory>();
        services.AddSingleton<IPassiveHealthCheckPolicy, GatewayPassiveHealthPolicy>();
        services.AddSingleton<IProbingRequestFactory, ProviderProbingRequestFactory>();
        services.AddReverseProxy().AddTransforms<GatewayTransformProvider>();
    }

    /// <summary>With a connection string the database adds keys, tenants and routes; without one the config file is all.</summary>
    private static void AddDatabaseServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KeyCacheOptions>().BindConfiguration(KeyCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseSyncOptions>().BindConfiguration(DatabaseSyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var configured = !string.IsNullOrWhiteSpace(configuration.GetConnectionString(GatewayDataServiceCollectionExtensions.ConnectionStringName));
        services.AddSingleton(new DatabaseCatalogState(configured));
        if (!configured)
        {
            services.AddSingleton<IUsageSink, LoggingUsageSink>();
            return;
        }
        services.AddGatewayData(configuration);
        services.AddSingleton<DatabaseKeyStore>();
        services.AddHostedService<DatabaseSyncService>();
        AddUsageStore(services, configuration);
    }

    /// <summary>Usage records into the database (queue, batched writer, spool), unless turned off; then to the log.</summary>
    private static void AddUsageStore(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<UsageAnalyticsRepository>();
        if (configuration.GetValue<bool?>($"{UsageOptions.Section}:{nameof(UsageOptions.StoreInDatabase)}") == false)
        {
            services.AddSingleton<IUsageSink, LoggingUsageSink>();
            return;
        }
        services.AddSingleton<UsageBatchWriter>();
        services.AddSingleton(provider => new UsageSpool(provider.GetRequiredService<IOptions<UsageOptions>>().Value.ResolveSpoolDirectory()));
        services.AddSingleton<PostgresUsageSink>();
        services.AddSingleton<IUsageSink>(provider => provider.GetRequiredService<PostgresUsageSink>());
        services.AddHostedService<UsageWriterService>();
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        // Fail at start, not on the first request, if the catalog cannot be built.
        _ = app.Services.GetRequiredService<CatalogPublisher>();

        app.UseMiddleware<GatewayExceptionMiddleware>();
        app.UseStatusCodePages(StatusCodeErrorPages.WriteAsync);
        app.UseMiddleware<ApiKeyAuthenticationMiddleware>();
        app.UseRouting();
        app.UseHttpMetrics();

        HealthEndpoints.Map(app);
        app.MapMetrics("/metrics");
        ModelsEndpoint.Map(app);
        AnalyticsEndpoints.Map(app);
        OpenRouterStatsEndpoints.Map(app);
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<InternalRouteGuardMiddleware>();
            proxy.UseMiddleware<ChatCompletionsMiddleware>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.MapFallback(StatusCodeFallback);
    }

    private static Task StatusCodeFallback(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, new Gateway.Transforms.Errors.GatewayError(404, Gateway.Transforms.Errors.GatewayErrorTypes.InvalidRequest,
            $"Invalid URL ({context.Request.Method} {context.Request.Path})", "unknown_url"));
}
