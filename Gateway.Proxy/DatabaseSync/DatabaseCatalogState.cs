using System.Security.Cryptography;
using Gateway.Policies.Configuration;

namespace Gateway.Proxy.DatabaseSync;

/// <summary>The database's part of the catalog as last loaded, and whether the database is reachable.</summary>
internal sealed class DatabaseCatalogState
{
    private volatile DatabaseCatalogDocument? _current;
    private byte[] _fingerprint = [];

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

    /// <summary>Takes a freshly loaded document; rebuilds the catalog only if it differs from the one in force.</summary>
    public void Publish(DatabaseCatalogDocument document, DateTimeOffset loadedAt)
    {
        ArgumentNullException.ThrowIfNull(document);
        // The periodic safety reload mostly finds nothing new; rebuilding then would churn revisions and logs.
        var fingerprint = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(document));
        LastLoadedAt = loadedAt;
        Status = DatabaseStatus.Connected;
        LastError = null;
        if (_current is not null && fingerprint.AsSpan().SequenceEqual(_fingerprint))
        {
            return;
        }
        _fingerprint = fingerprint;
        _current = document;
        Changed?.Invoke();
    }

    public void MarkDegraded(string error)
    {
        Status = DatabaseStatus.Degraded;
        LastError = error;
    }
}
