using Gateway.Data.DependencyInjection;
using Gateway.Data.Usage;
using Gateway.Policies.Resilience;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Analytics;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Cache;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Dashboard.Hosting;
using Gateway.Proxy.DatabaseSync;
using Gateway.Proxy.Egress;
using Gateway.Proxy.Endpoints;
using Gateway.Proxy.Errors;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Health;
using Gateway.Proxy.Hosting.WarmUp;
using Gateway.Proxy.Kinds;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Logging.AccessLog;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Quotas;
using Gateway.Proxy.Routing;
using Gateway.Proxy.Tracing;
using Gateway.Proxy.Usage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
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
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices) => Build(args, configureServices, readEnvironment: true);

    /// <param name="args">The command line.</param>
    /// <param name="configureServices">As above.</param>
    /// <param name="readEnvironment">False for a host configured by its config file and command line alone (the start-up
    /// warm-up's private host, which must not see the real host's database, endpoints or tracing).</param>
    internal static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices, bool readEnvironment)
    {
        ArgumentNullException.ThrowIfNull(args);
        var files = GatewayConfigFiles.Resolve(args);
        var hostArgs = GatewayConfigFiles.StripConfigArgument(args);
        // The content root is the app's folder, not the working directory: the host watches its content root
        // recursively for appsettings.json, and started from a checkout that meant an inotify watch on every folder
        // of the repository and a wake-up for every write below it (builds, PostgreSQL's data in .data/).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = hostArgs, ContentRootPath = AppContext.BaseDirectory });
        if (!readEnvironment)
        {
            ((IConfigurationBuilder)builder.Configuration).Sources.Clear();
        }

        var status = new ConfigReloadStatus();
        var adapters = new ProviderAdapterRegistry();
        var loader = new CatalogLoader(files, adapters);
        var validator = CreateConfigValidator(files, status, adapters, loader);
        ((IConfigurationBuilder)builder.Configuration).Add(new GatewayConfigFileSource
        {
            Files = files,
            Status = status,
            Validate = data => validator.Validate(GatewayConfigValidator.Candidate(data)).Errors,
        });
        // The file is the base; environment variables and the command line override single fields.
        if (readEnvironment)
        {
            builder.Configuration.AddEnvironmentVariables();
        }
        builder.Configuration.AddCommandLine(hostArgs);
        // Before anything opens a socket: the runtime reads the setting once.
        SocketThreads.Configure(builder.Configuration);

        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        ConsoleLogFormat.Configure(builder.Logging, builder.Configuration);
        // The slim builder leaves HTTPS out; with this an https:// URL and Kestrel:Certificates config serve TLS directly.
        builder.WebHost.UseKestrelHttpsConfiguration();
        var inlineScheduling = SocketThreads.InlineRequestScheduling(builder.Configuration);
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = inlineScheduling);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Enforced per request from the live option, so it can change without a restart.
            kestrel.Limits.MaxRequestBodySize = null;
        });

        builder.Services.AddSingleton(ManagementPort.Configure(builder));
        AddServices(builder.Services, builder.Configuration, files, status, adapters, loader);
        // On only when the standard OTEL_* environment names an exporter (Tracing/TracingSetup).
        TracingSetup.Add(builder.Services, builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    /// <summary>The validator start-up, reload and <c>--check-config</c> share, for the config file at <paramref name="files"/>.</summary>
    internal static GatewayConfigValidator CreateConfigValidator(GatewayConfigFiles files)
    {
        var adapters = new ProviderAdapterRegistry();
        return CreateConfigValidator(files, new ConfigReloadStatus(), adapters, new CatalogLoader(files, adapters));
    }

    private static GatewayConfigValidator CreateConfigValidator(GatewayConfigFiles files, ConfigReloadStatus status, ProviderAdapterRegistry adapters, CatalogLoader loader) =>
        new(loader, (services, configuration) => AddServices(services, configuration, files, status, adapters, loader));

    /// <summary>
    /// Every registration of the gateway. Config validation (start-up, reload, <c>--check-config</c>) builds the same
    /// collection to bind and validate every options section it finds, so register options here, not in Build.
    /// </summary>
    private static void AddServices(IServiceCollection services, IConfiguration configuration, GatewayConfigFiles files, ConfigReloadStatus status, ProviderAdapterRegistry adapters, CatalogLoader loader)
    {
        AddGatewayServices(services, files, status, adapters, loader);
        var database = AddDatabaseServices(services, configuration);
        QuotaServices.Add(services, database);
        ResponseCacheServices.Add(services, database);
        DashboardHosting.AddServices(services, configuration, database);
    }

    private static void AddGatewayServices(IServiceCollection services, GatewayConfigFiles files, ConfigReloadStatus status, ProviderAdapterRegistry adapters, CatalogLoader loader)
    {
        services.AddSingleton(files);
        services.AddSingleton(status);
        services.AddSingleton(adapters);
        services.AddSingleton(loader);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<GatewayLimitsOptions>().BindConfiguration(GatewayLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ServerThreadingOptions>().BindConfiguration(ServerThreadingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GatewayTimeoutsOptions>().BindConfiguration(GatewayTimeoutsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PassiveHealthOptions>().BindConfiguration(PassiveHealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GatewayLoggingOptions>().BindConfiguration(GatewayLoggingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        Logging.AccessLog.AccessLogServices.Add(services);
        services.AddOptions<SecurityHeadersOptions>().BindConfiguration(SecurityHeadersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddGracefulShutdown();
        services.AddOptions<WarmUpOptions>().BindConfiguration(WarmUpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RequestPathWarmUp>();
        services.AddHostedService(provider => provider.GetRequiredService<RequestPathWarmUp>());

        // Replaced by a host whose requests must not be counted (the start-up warm-up's).
        services.TryAddSingleton(MetricsRegistry.Default);
        services.AddSingleton<CatalogPublisher>();
        services.AddOptions<AuthThrottleOptions>().BindConfiguration(AuthThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuthFailureThrottle>();
        services.AddSingleton<AuthMetrics>();
        RoutingServices.Add(services, adapters);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<EndpointMetrics>();
        EndpointKindServices.Add(services);
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UsageWriterMetrics>();
        services.AddSingleton<ITokenEstimator, UsageTokenEstimator>();
        services.AddSingleton<RequestAccountant>();
        services.AddSingleton<AttemptFinisher>();
        services.AddSingleton<RequestCompletionRecorder>();
        services.AddHostedService<ProviderHealthGaugeUpdater>();
        // YARP pulls in Data Protection; the gateway protects nothing with it, so keep its keys in memory
        // rather than warning about an unwritable key folder on read-only file systems.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        services.AddSingleton<IProxyConfigProvider, GatewayProxyConfigProvider>();
        services.AddSingleton<IForwarderHttpClientFactory, GatewayHttpClientFactory>();
        services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProviderEgressOptions>().BindConfiguration(ProviderEgressOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProviderEgressPolicy>();
        services.AddSingleton<IProviderHostResolver, DnsProviderHostResolver>();
        services.AddSingleton<ProviderEgressConnector>();
        services.AddOptions<RegionOptions>().BindConfiguration(RegionOptions.Section);
        services.AddSingleton<Yarp.ReverseProxy.LoadBalancing.ILoadBalancingPolicy, RegionAffinityLoadBalancingPolicy>();
        services.AddSingleton<IProbingRequestFactory, ProviderProbingRequestFactory>();
        services.AddReverseProxy().AddTransforms<GatewayTransformProvider>();
        // Data Protection's hosted service (added by the line above) reads and writes the file-system XML key ring at
        // start, which the ephemeral provider never uses: ~4 MB of System.Private.Xml in every process and a key file
        // in the home folder, for nothing (bench/README.md, "Memory").
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService)
                && services[i].ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService")
            {
                services.RemoveAt(i);
            }
        }
        // YARP registers ASP.NET Core's authorization for routes with policies, which the gateway's never have (keys, admin
        // tokens and dashboard sessions are checked by its own middleware); registered, WebApplication would put the
        // authorization middleware in front of every request for nothing (~0.6 µs a request, bench/README.md).
        services.RemoveAll<IAuthorizationHandlerProvider>();
        // gzip, deflate and br request bodies; RequestBodyReader's limit applies to the decompressed bytes.
        services.AddRequestDecompression(options => options.DecompressionProviders["br"] = new BrotliRequestDecompressionProvider());
        // Tracing: what spans may carry; whether they are exported is decided in Build (TracingSetup), off until then.
        services.AddOptions<TracingOptions>().BindConfiguration(TracingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TracingState.Off);
        services.AddOptions<AccessLogOptions>().BindConfiguration(AccessLogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>With a connection string the database adds keys, tenants and routes; without one the config file is all.</summary>
    /// <returns>Whether a database is configured.</returns>
    private static bool AddDatabaseServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenCountingOptions>().BindConfiguration(TokenCountingOptions.Section).ValidateOnStart();
        services.AddOptions<KeyCacheOptions>().BindConfiguration(KeyCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseSyncOptions>().BindConfiguration(DatabaseSyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Validated with or without a database, so a file a database-backed replica would refuse is refused everywhere.
        services.AddGatewayDataOptions(configuration);
        AdminApi.AddOptions(services);
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
        UsageStoreServices.Add(services, configuration);
        return true;
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        // Before the first series is created: exemplars only where their trace ids lead to exported traces.
        app.Services.GetRequiredService<MetricsRegistry>().RecordExemplars(app.Services.GetRequiredService<TracingState>().Enabled);
        // Fail at start, not on the first request, if the catalog cannot be built.
        _ = app.Services.GetRequiredService<CatalogPublisher>();
        _ = app.Services.GetRequiredService<CircuitStateMetrics>();
        TracingSetup.LogState(app.Services, app.Configuration);
        // The tokenizer vocabularies take a few hundred milliseconds to load: not on the first request that needs them.
        if (app.Services.GetRequiredService<IOptions<TokenCountingOptions>>().Value.UseTokenizers)
        {
            TokenizerWarmUp.Start(app.Services.GetRequiredService<CatalogPublisher>());
        }

        // First, so that everything after it (throttle, audit, usage rows) sees the client behind a trusted ingress.
        // Read once at start: a change of trusted proxies takes a restart.
        var trustedProxies = app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value;
        if (trustedProxies.Enabled)
        {
            app.UseForwardedHeaders(trustedProxies.ToForwardedHeadersOptions());
        }
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<TraceparentResponseMiddleware>();
        app.UseMiddleware<GatewayErrorMiddleware>();
        if (app.Services.GetRequiredService<ManagementPort>().IsConfigured)
        {
            app.UseMiddleware<ManagementPortMiddleware>();
        }
        app.UseMiddleware<ApiKeyAuthenticationMiddleware>();
        app.UseRequestDecompression();
        app.UseRouting();
        // HTTP series for everything but the chat path, which has its own richer series; there the generic
        // middleware cost ~7 µs a request for nothing new (bench/README.md). /metrics itself is not counted.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/v1/chat", StringComparison.Ordinal)
            && !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal),
            branch => branch.UseMiddleware<HttpServerMetricsMiddleware>());

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
        Responses.ResponsesEndpoints.Map(app);
        MessagesCountTokensEndpoint.Map(app);
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ModelRequestMiddleware>();
            proxy.UseLoadBalancing();
        });
        app.MapFallback(StatusCodeFallback);
    }

    private static Task StatusCodeFallback(HttpContext context) =>
        ErrorResponseWriter.WriteAsync(context, new Gateway.Transforms.Errors.GatewayError(404, Gateway.Transforms.Errors.GatewayErrorTypes.InvalidRequest,
            $"Invalid URL ({context.Request.Method} {context.Request.Path})", "unknown_url"));
}
