using Gateway.Policies.Configuration;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Data;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// The database's quota rows, indexed by subject; rebuilt when the catalog state publishes a new load (quota rows
/// change by NOTIFY like the rest of the catalog), and empty without a database.
/// </summary>
internal sealed class QuotaLimitSource
{
    private readonly DatabaseCatalogState _database;
    private Indexed _current = new(null, QuotaLimitIndex.Empty);

    public QuotaLimitSource(DatabaseCatalogState database)
    {
        _database = database;
    }

    public QuotaLimitIndex Current
    {
        get
        {
            var document = _database.Current;
            var current = Volatile.Read(ref _current);
            if (ReferenceEquals(current.Document, document))
            {
                return current.Index;
            }
            // Two requests may both rebuild after a reload; both results are equal, either may win.
            var rebuilt = new Indexed(document, document is null ? QuotaLimitIndex.Empty : QuotaLimitIndex.Build(document.Quotas));
            Volatile.Write(ref _current, rebuilt);
            return rebuilt.Index;
        }
    }

    private sealed record Indexed(DatabaseCatalogDocument? Document, QuotaLimitIndex Index);
}
