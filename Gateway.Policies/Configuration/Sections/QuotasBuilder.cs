using Gateway.Policies.Quotas;

namespace Gateway.Policies.Configuration.Sections;

/// <summary>
/// The database's quota rows (checked by the database: one per subject, measure and period, none below 0), indexed by
/// subject so a request finds its limits in O(1). Config keys carry their own limits (<see cref="QuotaLimitResolver"/>).
/// </summary>
internal static class QuotasBuilder
{
    public static QuotaLimitIndex Build(DatabaseCatalogDocument? database) =>
        database is null || database.Quotas.Count == 0 ? QuotaLimitIndex.Empty : QuotaLimitIndex.Build(database.Quotas);
}
