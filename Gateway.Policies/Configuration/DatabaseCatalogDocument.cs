using Gateway.Policies.Quotas;

namespace Gateway.Policies.Configuration;

/// <summary>
/// The database's part of the catalog, in the config file's vocabulary, so one builder validates both. Values are
/// literal (credentials already decrypted; no <c>env:</c> resolution for database rows).
/// </summary>
public sealed class DatabaseCatalogDocument
{
    public List<ScopedProviderDocument> Providers { get; init; } = [];

    public List<ScopedModelDocument> Aliases { get; init; } = [];

    /// <summary>Provider models and their current prices, keyed <c>provider/model</c>; they override the shipped catalog.</summary>
    public Dictionary<string, ModelInfoDocument> Models { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Quota rows (limits per key, environment, team or organization); enforced by the proxy, not routing.</summary>
    public List<QuotaLimit> Quotas { get; init; } = [];

    /// <summary>Active routing policies, highest priority first.</summary>
    public List<RoutingPolicyDocument> Policies { get; init; } = [];

    /// <summary>
    /// The price book as a schedule per <c>provider/model</c>: the price in force at load time and every later one
    /// already scheduled, so requests are billed at the price valid when they ran, without waiting for a reload.
    /// </summary>
    public Dictionary<string, List<ScheduledPriceDocument>> PriceSchedules { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
