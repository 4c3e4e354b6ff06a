using Gateway.Data.Aliases;
using Gateway.Data.Audit;
using Gateway.Data.Catalog;
using Gateway.Data.Keys;
using Gateway.Data.Migrations;
using Gateway.Data.Notifications;
using Gateway.Data.Prices;
using Gateway.Data.Providers;
using Gateway.Data.Quotas;
using Gateway.Data.RoutingPolicies;
using Gateway.Data.Security;
using Gateway.Data.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Gateway.Data.DependencyInjection;

/// <summary>Registers the data layer: its options, the data source, the credential protector, repositories, loader and listener.</summary>
public static class GatewayDataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Gateway";

    /// <summary>
    /// Registers everything as singletons (all are thread-safe). Reads <c>ConnectionStrings:Gateway</c>,
    /// the <c>Gateway:Data</c> options (validated at start) and <c>GATEWAY_MASTER_KEYS</c>. Call it only when a
    /// connection string is configured: without one the gateway serves from its config file alone.
    /// </summary>
    /// <exception cref="InvalidOperationException">No connection string is configured.</exception>
    /// <exception cref="FormatException"><c>GATEWAY_MASTER_KEYS</c> is malformed.</exception>
    public static IServiceCollection AddGatewayData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName) ?? throw new InvalidOperationException(
            $"ConnectionStrings:{ConnectionStringName} is not set; the data layer needs a PostgreSQL connection string.");

        services.AddGatewayDataOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new NpgsqlDataSourceBuilder(connectionString)
            .UseLoggerFactory(provider.GetService<ILoggerFactory>())
            .Build());
        services.TryAddSingleton(MasterKeyRing.FromConfiguration(configuration));
        services.TryAddSingleton<CredentialProtector>();

        services.TryAddSingleton<MigrationRunner>();
        services.TryAddSingleton<OrganizationRepository>();
        services.TryAddSingleton<TeamRepository>();
        services.TryAddSingleton<EnvironmentRepository>();
        services.TryAddSingleton<ApiKeyRepository>();
        services.TryAddSingleton<ProviderRepository>();
        services.TryAddSingleton<ProviderModelRepository>();
        services.TryAddSingleton<ModelAliasRepository>();
        services.TryAddSingleton<RoutingPolicyRepository>();
        services.TryAddSingleton<PriceBookRepository>();
        services.TryAddSingleton<QuotaRepository>();
        services.TryAddSingleton<QuotaCounterRepository>();
        services.TryAddSingleton<AuditLogRepository>();
        services.TryAddSingleton<DatabaseTransactions>();
        services.TryAddSingleton<CatalogSnapshotLoader>();
        services.TryAddSingleton<CatalogChangeListener>();
        return services;
    }

    /// <summary>
    /// Binds the <c>Gateway:Data</c> options and validates them at start, once however often it is called. The gateway
    /// calls it without a database too, so a config is judged the same with or without one.
    /// </summary>
    public static IServiceCollection AddGatewayDataOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(IValidateOptions<GatewayDataOptions>)))
        {
            return services;
        }
        services.AddOptions<GatewayDataOptions>().Bind(configuration.GetSection(GatewayDataOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayDataOptions>, GatewayDataOptionsValidator>());
        return services;
    }
}
