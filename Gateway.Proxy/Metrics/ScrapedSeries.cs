namespace Gateway.Proxy.Metrics;

/// <summary>
/// The label sets a scrape-time series was reported with, so that those not reported at the next scrape (what is back
/// in service, a target no longer known) are removed instead of lingering at a stale value. Used under the scrape's lock.
/// </summary>
internal sealed class ScrapedSeries<TKey>(Action<TKey> remove, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private HashSet<TKey> _reported = new(comparer);
    private HashSet<TKey> _current = new(comparer);

    /// <summary>The series of <paramref name="key"/> was set in this scrape.</summary>
    public void Report(TKey key) => _current.Add(key);

    /// <summary>Removes the series reported last scrape and not in this one; this scrape's become the ones to compare with next.</summary>
    public void RetireUnreported()
    {
        foreach (var key in _reported)
        {
            if (!_current.Contains(key))
            {
                remove(key);
            }
        }
        (_reported, _current) = (_current, _reported);
        _current.Clear();
    }
}
