using System.Data;
using System.Diagnostics;
using System.Security.Cryptography;
using Gateway.Data.Aliases;
using Gateway.Data.Prices;
using Gateway.Data.Providers;
using Gateway.Data.Quotas;
using Gateway.Data.RoutingPolicies;
using Gateway.Data.Security;
using Microsoft.Extensions.Logging;

namespace Gateway.Data.Catalog;

/// <summary>
/// Reads what routing needs (providers with decrypted credentials, models, aliases, active policies, prices,
/// quotas) in one round trip, inside one repeatable-read transaction so the parts agree with each other.
/// Call it at start-up and whenever <see cref="Notifications.CatalogChangeListener"/> reports a change.
/// </summary>
public sealed class CatalogSnapshotLoader
{
    // Prices: the one in force at @at per model, then every later one already scheduled.
    private const string LoadSql = $"""
        select {ProviderRepository.Columns} from providers order by id;
        select {ProviderRepository.CredentialColumns} from providers where credential_key_id is not null order by id;
        select {ProviderRepository.SecretSettingsColumns} from providers where secret_settings_key_id is not null order by id;
        select {ProviderModelRepository.Columns} from provider_models order by provider_id, model;
        select {ModelAliasRepository.Columns} from model_aliases order by id;
        select {RoutingPolicyRepository.Columns} from routing_policies where active order by priority desc, id;
        select {PriceBookRepository.Columns} from (
            select distinct on (provider_id, model) * from price_book
            where effective_from <= @at
            order by provider_id, model, effective_from desc) as current_prices
        union all
        select {PriceBookRepository.Columns} from price_book where effective_from > @at
        order by providerid, model, effectivefrom;
        select {QuotaRepository.Columns} from quotas order by id;
        """;

    private readonly SqlExecutor _sql;
    private readonly CredentialProtector _protector;
    private readonly ILogger<CatalogSnapshotLoader> _logger;
    private readonly TimeProvider _time;

    public CatalogSnapshotLoader(
        NpgsqlDataSource dataSource,
        IOptions<GatewayDataOptions> options,
        CredentialProtector protector,
        ILogger<CatalogSnapshotLoader> logger,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _sql = new SqlExecutor(dataSource, options.Value);
        _protector = protector;
        _logger = logger;
        _time = timeProvider;
    }

    public async Task<CatalogSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var at = _time.GetUtcNow();
        var snapshot = await _sql.InTransactionAsync(
            async (connection, transaction) =>
            {
                var reader = await connection.QueryMultipleAsync(_sql.Command(LoadSql, new { at }, transaction, cancellationToken)).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var providers = (await reader.ReadAsync<ProviderRecord>().ConfigureAwait(false)).AsList();
                    var credentials = (await reader.ReadAsync<ProviderCredentialRow>().ConfigureAwait(false))
                        .ToDictionary(row => row.ProviderId, StringComparer.Ordinal);
                    var secretSettings = (await reader.ReadAsync<ProviderCredentialRow>().ConfigureAwait(false))
                        .ToDictionary(row => row.ProviderId, StringComparer.Ordinal);
                    var models = (await reader.ReadAsync<ProviderModelRecord>().ConfigureAwait(false)).AsList();
                    var aliases = (await reader.ReadAsync<ModelAliasRecord>().ConfigureAwait(false)).AsList();
                    var policies = (await reader.ReadAsync<RoutingPolicyRecord>().ConfigureAwait(false)).AsList();
                    var prices = (await reader.ReadAsync<PriceRecord>().ConfigureAwait(false)).AsList();
                    var quotas = (await reader.ReadAsync<QuotaRecord>().ConfigureAwait(false)).AsList();
                    var catalogProviders = providers
                        .Select(provider => new CatalogProvider(provider, Decrypt(credentials.GetValueOrDefault(provider.Id)))
                        {
                            SecretSettings = DecryptSettings(secretSettings.GetValueOrDefault(provider.Id)),
                        })
                        .ToArray();
                    return new CatalogSnapshot(at, catalogProviders, models, aliases, policies, prices, quotas);
                }
            },
            cancellationToken,
            IsolationLevel.RepeatableRead).ConfigureAwait(false);

        CatalogSnapshotLoaderLog.Loaded(
            _logger,
            snapshot.Providers.Count,
            snapshot.Models.Count,
            snapshot.Aliases.Count,
            snapshot.Policies.Count,
            snapshot.Prices.Count,
            snapshot.Quotas.Count,
            stopwatch.ElapsedMilliseconds);
        return snapshot;
    }

    private Dictionary<string, string> DecryptSettings(ProviderCredentialRow? row)
    {
        if (row is null)
        {
            return new Dictionary<string, string>();
        }
        try
        {
            return ProviderRepository.UnprotectSecretSettings(_protector, row);
        }
        catch (CryptographicException exception)
        {
            // As for a credential: the provider loads without them and its requests fail the provider's auth.
            CatalogSnapshotLoaderLog.SecretSettingsUnreadable(_logger, row.ProviderId, row.KeyId, exception);
            return new Dictionary<string, string>();
        }
    }

    private string? Decrypt(ProviderCredentialRow? row)
    {
        if (row is null)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(row.ProviderId, row.ToProtected());
        }
        catch (CryptographicException exception)
        {
            // One unreadable credential (a retired master key) must not take the whole catalog down.
            CatalogSnapshotLoaderLog.CredentialUnreadable(_logger, row.ProviderId, row.KeyId, exception);
            return null;
        }
    }
}
