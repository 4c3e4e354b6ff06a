using Gateway.Data.Aliases;
using Gateway.Data.Audit;
using Gateway.Data.Keys;
using Gateway.Data.Prices;
using Gateway.Data.Providers;
using Gateway.Data.Quotas;
using Gateway.Data.RoutingPolicies;
using Gateway.Data.Security;
using Gateway.Data.Tenancy;

namespace Gateway.Tests.Data;

/// <summary>
/// The repositories under test, on a fixture's own database. A repository holds nothing but the data source and
/// options, so each use builds its own instead of every fixture keeping a field and a setup step for it.
/// </summary>
internal static class TestDatabaseRepositories
{
    extension(TestDatabase database)
    {
        public OrganizationRepository Organizations => new(database.DataSource, database.Options);

        public TeamRepository Teams => new(database.DataSource, database.Options);

        public EnvironmentRepository Environments => new(database.DataSource, database.Options);

        public ModelAliasRepository Aliases => new(database.DataSource, database.Options);

        public ApiKeyRepository Keys => new(database.DataSource, database.Options);

        public AuditLogRepository AuditLog => new(database.DataSource, database.Options);

        public PriceBookRepository Prices => new(database.DataSource, database.Options);

        public ProviderModelRepository ProviderModels => new(database.DataSource, database.Options);

        public QuotaRepository Quotas => new(database.DataSource, database.Options);

        public QuotaCounterRepository QuotaCounters => new(database.DataSource, database.Options);

        public RoutingPolicyRepository RoutingPolicies => new(database.DataSource, database.Options);

        /// <summary>Providers whose credentials are sealed with <paramref name="protector"/>.</summary>
        public ProviderRepository Providers(CredentialProtector protector) => new(database.DataSource, database.Options, protector);

        /// <summary>Providers whose credentials are sealed with the ring <paramref name="masterKeys"/> (none: credentials cannot be stored).</summary>
        public ProviderRepository Providers(string? masterKeys = null) => database.Providers(new CredentialProtector(MasterKeyRing.Parse(masterKeys)));
    }
}
