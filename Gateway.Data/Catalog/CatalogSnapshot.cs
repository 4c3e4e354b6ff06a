using Gateway.Data.Aliases;
using Gateway.Data.Prices;
using Gateway.Data.Providers;
using Gateway.Data.Quotas;
using Gateway.Data.RoutingPolicies;
namespace Gateway.Data.Catalog;

/// <summary>
/// Everything routing needs from the database, read in one consistent snapshot. Prices hold, per provider
/// model, the price in force at <see cref="LoadedAt"/> and every later scheduled one, so a price change takes
/// effect on time without a reload. Policies are the active ones, highest priority first.
/// </summary>
public sealed record CatalogSnapshot(
    DateTimeOffset LoadedAt,
    IReadOnlyList<CatalogProvider> Providers,
    IReadOnlyList<ProviderModelRecord> Models,
    IReadOnlyList<ModelAliasRecord> Aliases,
    IReadOnlyList<RoutingPolicyRecord> Policies,
    IReadOnlyList<PriceRecord> Prices,
    IReadOnlyList<QuotaRecord> Quotas);
