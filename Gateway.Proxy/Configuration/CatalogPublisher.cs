using Gateway.Proxy.DatabaseSync;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Metrics;
using Microsoft.Extensions.Primitives;

namespace Gateway.Proxy.Configuration;

/// <summary>
/// Holds the current <see cref="GatewaySnapshot"/> and replaces it atomically when the configuration changes.
/// A rebuild that fails keeps the last good snapshot.
/// </summary>
internal sealed class CatalogPublisher : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly CatalogLoader _loader;
    private readonly ILogger<CatalogPublisher> _logger;
    private readonly IDisposable _subscription;
    private readonly ConfigReloadStatus _status;
    private GatewaySnapshot _current;
    private GatewaySnapshot _latest;
    private long _revision;

    private readonly DatabaseCatalogState _database;
    private readonly Lock _rebuildGate = new();

    private readonly GatewayMetrics _metrics;

    public CatalogPublisher(
        IConfiguration configuration, CatalogLoader loader, ConfigReloadStatus status, DatabaseCatalogState database, GatewayMetrics metrics,
        ILogger<CatalogPublisher> logger)
    {
        _metrics = metrics;
        _configuration = configuration;
        _database = database;
        _loader = loader;
        _logger = logger;
        _status = status;
        _current = new GatewaySnapshot(GatewayCatalog.Empty, 0, DateTimeOffset.UtcNow);
        _latest = _current;
        if (!Rebuild())
        {
            throw new InvalidOperationException("The gateway configuration is invalid; see the errors logged above.");
        }
        _status.Rejected += OnRejected;
        _database.Changed += OnDatabaseChanged;
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => Rebuild());
    }

    /// <summary>
    /// Raised with a new snapshot just before it becomes <see cref="Current"/>, for what must be ready before any request routes
    /// by it: YARP's routes and clusters for its providers (YARP applies a new config synchronously when signalled).
    /// </summary>
    public event Action<GatewaySnapshot>? Publishing;

    /// <summary>Raised after a new snapshot is in place.</summary>
    public event Action<GatewaySnapshot>? Published;

    public GatewaySnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// The newest snapshot, including one still being published: for what YARP does with a config it was just given
    /// (a new cluster's first health probe needs its provider's credential before requests see the provider).
    /// </summary>
    public GatewaySnapshot Latest => Volatile.Read(ref _latest);

    public void Dispose()
    {
        _subscription.Dispose();
        _status.Rejected -= OnRejected;
        _database.Changed -= OnDatabaseChanged;
    }

    private void OnDatabaseChanged() => Rebuild();

    private bool Rebuild()
    {
        // Config and database changes arrive on different threads; rebuilds must not interleave.
        lock (_rebuildGate)
        {
            return RebuildLocked();
        }
    }

    private bool RebuildLocked()
    {
        var database = _database.Current;
        var result = _loader.Load(_configuration, database);
        foreach (var warning in result.Warnings)
        {
            GatewayLog.ConfigWarning(_logger, warning);
        }
        if (!result.Succeeded)
        {
            OnRejected(result.Errors);
            return false;
        }

        var snapshot = new GatewaySnapshot(result.Catalog!, Interlocked.Increment(ref _revision), DateTimeOffset.UtcNow);
        Volatile.Write(ref _latest, snapshot);
        Publishing?.Invoke(snapshot);
        Volatile.Write(ref _current, snapshot);
        _metrics.ConfigAccepted(snapshot.Revision);
        _metrics.ConfigEditRejected(_status.LastErrors.Count > 0);
        GatewayLog.CatalogPublished(_logger, snapshot.Revision, snapshot.Catalog.Providers.Count, snapshot.Catalog.Routes.Count, snapshot.Catalog.Keys.Count);
        Published?.Invoke(snapshot);
        return true;
    }

    private void OnRejected(IReadOnlyList<string> errors)
    {
        _metrics.ConfigRejected();
        _metrics.ConfigEditRejected(true);
        foreach (var error in errors)
        {
            GatewayLog.ConfigRejected(_logger, error);
        }
    }
}
