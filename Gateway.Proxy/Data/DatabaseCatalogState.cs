using Gateway.Policies.Configuration;

namespace Gateway.Proxy.Data;

/// <summary>The database's part of the catalog as last loaded, and whether the database is reachable.</summary>
public sealed class DatabaseCatalogState
{
    private volatile DatabaseCatalogDocument? _current;

    public DatabaseCatalogState(bool configured)
    {
        Status = configured ? DatabaseStatus.Starting : DatabaseStatus.NotConfigured;
    }

    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    public event Action? Changed;

    public DatabaseCatalogDocument? Current => _current;

    public DatabaseStatus Status { get; private set; }

    public DateTimeOffset? LastLoadedAt { get; private set; }

    /// <summary>Why the database was last unreachable (an exception type and message; never a connection string).</summary>
    public string? LastError { get; private set; }

    public void Publish(DatabaseCatalogDocument document, DateTimeOffset loadedAt)
    {
        _current = document;
        LastLoadedAt = loadedAt;
        Status = DatabaseStatus.Connected;
        LastError = null;
        Changed?.Invoke();
    }

    public void MarkDegraded(string error)
    {
        Status = DatabaseStatus.Degraded;
        LastError = error;
    }
}
