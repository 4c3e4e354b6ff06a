namespace Gateway.Proxy.Metrics;

/// <summary>
/// Runs <c>collect</c> before every scrape, one scrape at a time, so that series read from live state (what is out of
/// service, circuit states) are current when scraped rather than kept in step with every change.
/// </summary>
internal sealed class ScrapeCallback : IDisposable
{
    private readonly Lock _gate = new();
    private volatile bool _disposed;

    public ScrapeCallback(MetricsRegistry metrics, Action collect)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(collect);
        // The registry offers no way to remove a callback; a stopped host's callback goes quiet instead.
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            if (_disposed)
            {
                return;
            }
            lock (_gate)
            {
                collect();
            }
        });
    }

    public void Dispose() => _disposed = true;
}
