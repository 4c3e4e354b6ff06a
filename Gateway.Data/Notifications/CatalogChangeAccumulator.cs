using Gateway.Data.Catalog;

namespace Gateway.Data.Notifications;

/// <summary>Collects notifications between two deliveries and hands them over as one <see cref="CatalogChange"/>.</summary>
internal sealed class CatalogChangeAccumulator
{
    private readonly Lock _gate = new();
    private bool _reloadAll;
    private HashSet<string> _tables = new(StringComparer.Ordinal);
    private List<string> _revokedKeyHashes = [];

    public void RequestReloadAll()
    {
        lock (_gate)
        {
            _reloadAll = true;
        }
    }

    public void AddTable(string table)
    {
        lock (_gate)
        {
            _tables.Add(table);
        }
    }

    public void AddRevokedKey(string keyHashHex)
    {
        lock (_gate)
        {
            if (!_revokedKeyHashes.Contains(keyHashHex, StringComparer.Ordinal))
            {
                _revokedKeyHashes.Add(keyHashHex);
            }
        }
    }

    /// <returns>What accumulated since the last call, or null when nothing did.</returns>
    public CatalogChange? Take()
    {
        lock (_gate)
        {
            if (!_reloadAll && _tables.Count == 0 && _revokedKeyHashes.Count == 0)
            {
                return null;
            }

            var change = new CatalogChange(_reloadAll, _tables, _revokedKeyHashes);
            _reloadAll = false;
            _tables = new HashSet<string>(StringComparer.Ordinal);
            _revokedKeyHashes = [];
            return change;
        }
    }
}
