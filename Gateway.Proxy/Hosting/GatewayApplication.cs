using Gateway.Data.DependencyInjection;
using Gateway.Proxy.Admin.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Gateway.Policies.Resilience;
using Gateway.Data.Usage;
using Gateway.Policies.Tokens;
using Gateway.Proxy.Routing;
using Microsoft.Extensions.Options;
using Gateway.Proxy.Data;
using Gateway.Proxy.Egress;
using Gateway.Proxy.Analytics;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Dashboard.Hosting;
using Gateway.Proxy.Endpoints;
using Gateway.Proxy.Errors;
using Gateway.Proxy.Health;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Options;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Proxy;
using Gateway.Proxy.Quotas;
using Gateway.Proxy.Usage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Gateway.Proxy.Hosting;

/// <summary>Builds the gateway's web application; used by Program and by the tests, which host it in-process.</summary>
public static class GatewayApplication
{
    public static WebApplication Build(string[] args) => Build(args, configureServices: null);

    /// <param name="args">The command line.</param>
    /// <param name="configureServices">Runs after the gateway's own registrations, so it can replace one (tests
    /// replace the quota clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices)
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
        var database = AddDatabaseServices(builder.Services, builder.Configuration);
        AddQuotaServices(builder.Services, database);
        DashboardHosting.AddServices(builder.Services, builder.Configuration, database);
        configureServices?.Invoke(builder.Services);

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
        AddRoutingServices(services, adapters);
        services.AddSingleton<GatewayMetrics>();
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UsageWriterMetrics>();
        services.AddSingleton<ITokenEstimator, UsageTokenEstimator>();
        services.AddSingleton<AttemptBiller>();
        services.AddSingleton<AttemptFinisher>();
        services.AddSingleton<RequestCompletionRecorder>();
        services.AddHostedService<ProviderHealthGaugeUpdater>();
        // YARP pulls in Data Protection; the gateway protects nothing with it, so keep its keys in memory
        // rather than warning about an unwritable key folder on read-only file systems.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        services.AddSingleton<IProxyConfigProvider, GatewayProxyConfigProvider>();
        services.AddSingleton<IForwarderHttpClientFactory, GatewayHttpClientFactory>();
        services.AddOptions<ProviderEgressOptions>().BindConfiguration(ProviderEgressOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProviderEgressPolicy>();
        services.AddSingleton<IProviderHostResolver, DnsProviderHostResolver>();
        services.AddSingleton<ProviderEgressConnector>();
        services.AddOptions<RegionOptions>().BindConfiguration(RegionOptions.Section);
        services.AddSingleton<Yarp.ReverseProxy.LoadBalancing.ILoadBalancingPolicy, RegionAffinityLoadBalancingPolicy>();
        services.AddSingleton<IProbingRequestFactory, ProviderProbingRequestFactory>();
        services.AddReverseProxy().AddTransforms<GatewayTransformProvider>();
        // gzip, deflate and br request bodies; RequestBodyReader's limit applies to the decompressed bytes.
        services.AddRequestDecompression();
    }

    /// <summary>Routing decisions, circuit breakers, per-target statistics and retry arithmetic.</summary>
    private static void AddRoutingServices(IServiceCollection services, ProviderAdapterRegistry adapters)
    {
        services.AddOptions<ResilienceOptions>().BindConfiguration(ResilienceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new TargetStatistics(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(ResilienceOptionsBinding.Breakers);
        services.AddSingleton(provider => ResilienceOptionsBinding.Engine(provider, adapters.RoutingFeatures()));
        services.AddSingleton<RequestRouter>();
        services.AddSingleton<AttemptResilience>();
        services.AddSingleton<CircuitStateMetrics>();
        services.AddGatewayHealth();
    }

    /// <summary>With a connection string the database adds keys, tenants and routes; without one the config file is all.</summary>
    /// <returns>Whether a database is configured.</returns>
    private static bool AddDatabaseServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenCountingOptions>().BindConfiguration(TokenCountingOptions.Section).ValidateOnStart();
        services.AddOptions<KeyCacheOptions>().BindConfiguration(KeyCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseSyncOptions>().BindConfiguration(DatabaseSyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var configured = !string.IsNullOrWhiteSpace(configuration.GetConnectionString(GatewayDataServiceCollectionExtensions.ConnectionStringName));
        services.AddSingleton(new DatabaseCatalogState(configured));
        if (!configured)
        {
            services.AddSingleton<IUsageSink, LoggingUsageSink>();
            return false;
        }
        services.AddGatewayData(configuration);
        services.AddSingleton<DatabaseKeyStore>();
        services.AddHostedService<DatabaseSyncService>();
        AdminApi.AddServices(services);
        AddUsageStore(services, configuration);
        return true;
    }

    /// <summary>With a database, limits are counted there in leased slices shared by every replica; without one, in memory per replica.</summary>
    private static void AddQuotaServices(IServiceCollection services, bool database)
    {
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddKeyedSingleton(QuotaClock.ServiceKey, static (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.AddSingleton<QuotaMetrics>();
        // Try: the usage records' cost calculator may be registered in its place.
        services.TryAddSingleton<IQuotaCostCalculator, CatalogPriceCostCalculator>();
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
        services.AddHostedService<QuotaMaintenanceService>();
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
        _ = app.Services.GetRequiredService<CircuitStateMetrics>();
        // The tokenizer vocabularies take a few hundred milliseconds to load: not on the first request that needs them.
        if (app.Services.GetRequiredService<IOptions<TokenCountingOptions>>().Value.UseTokenizers)
        {
            _ = Task.Run(TokenEncodings.WarmUp);
        }

        app.UseMiddleware<GatewayExceptionMiddleware>();
        app.UseStatusCodePages(StatusCodeErrorPages.WriteAsync);
        app.UseMiddleware<ApiKeyAuthenticationMiddleware>();
        app.UseRequestDecompression();
        app.UseRouting();
        // prometheus-net's HTTP series for everything but the chat path, which has its own richer series; there
        // the generic middleware cost ~7 µs a request for nothing new (bench/README.md).
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/v1/chat", StringComparison.Ordinal), branch => branch.UseHttpMetrics());

        HealthEndpoints.Map(app);
        app.MapMetrics("/metrics");
        ModelsEndpoint.Map(app);
        if (app.Services.GetService<DatabaseKeyStore>() is not null)
        {
            AdminApi.Map(app);
            AnalyticsEndpoints.Map(app);
        }
        DashboardHosting.Map(app);
        OpenRouterStatsEndpoints.Map(app);
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<InternalRouteGuardMiddleware>();
            proxy.UseMiddleware<ChatCompletionsMiddleware>();
            proxy.UseLoadBalancing();
        });
        app.MapFallback(StatusCodeFallback);
    }

    private static Task StatusCodeFallback(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, new Gateway.Transforms.Errors.GatewayError(404, Gateway.Transforms.Errors.GatewayErrorTypes.InvalidRequest,
            $"Invalid URL ({context.Request.Method} {context.Request.Path})", "unknown_url"));
}
