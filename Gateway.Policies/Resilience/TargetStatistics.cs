using System.Collections.Concurrent;

namespace Gateway.Policies.Resilience;

/// <summary>
/// In-memory <see cref="ITargetStatistics"/>: one entry per (provider, model), created on first use; every
/// update is a handful of compare-and-swap loops on doubles — lock-free and allocation-free once the entry exists.
/// </summary>
/// <remarks>
/// The averages are updated field by field, so a reader may see a latency from one update and an error rate from
/// the next: harmless for ranking, and the price of not taking a lock on every attempt.
/// </remarks>
public sealed class TargetStatistics : ITargetStatistics
{
    private readonly ConcurrentDictionary<TargetKey, Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly double _alpha;

    /// <param name="alpha">Weight of each new sample (0..1]: 0.2 means the last ~10 samples dominate.</param>
    public TargetStatistics(TimeProvider time, double alpha = 0.2)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (alpha is <= 0 or > 1 || double.IsNaN(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "must be within (0, 1]");
        }
        _time = time;
        _alpha = alpha;
    }

    public bool TryGet(string providerId, string model, out TargetStatisticsSnapshot snapshot)
    {
        if (!_entries.TryGetValue(new TargetKey(providerId, model), out var entry))
        {
            snapshot = default;
            return false;
        }
        snapshot = new TargetStatisticsSnapshot(
            Volatile.Read(ref entry.TimeToFirstTokenMs),
            Volatile.Read(ref entry.TotalLatencyMs),
            Volatile.Read(ref entry.ErrorRate),
            Volatile.Read(ref entry.OutputTokensPerSecond),
            Volatile.Read(ref entry.Samples),
            _time.GetElapsedTime(Volatile.Read(ref entry.LastTimestamp)));
        return true;
    }

    public void RecordSuccess(string providerId, string model, TimeSpan timeToFirstToken, TimeSpan total, int outputTokens)
    {
        var entry = GetEntry(providerId, model);
        Update(ref entry.TimeToFirstTokenMs, Math.Max(0, timeToFirstToken.TotalMilliseconds), _alpha);
        Update(ref entry.TotalLatencyMs, Math.Max(0, total.TotalMilliseconds), _alpha);
        Update(ref entry.ErrorRate, 0, _alpha);
        var generating = (total - timeToFirstToken).TotalSeconds;
        if (outputTokens > 0 && generating > 0)
        {
            Update(ref entry.OutputTokensPerSecond, outputTokens / generating, _alpha);
        }
        Touch(entry);
    }

    public void RecordFailure(string providerId, string model)
    {
        var entry = GetEntry(providerId, model);
        Update(ref entry.ErrorRate, 1, _alpha);
        Touch(entry);
    }

    /// <summary>Entries in memory (for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Drops the entries not updated for <paramref name="idle"/> that <paramref name="keep"/> does not claim: a client
    /// can name any model of a provider, and statistics that old no longer describe the target anyway.
    /// </summary>
    /// <returns>How many were dropped.</returns>
    public int EvictIdle(TimeSpan idle, Func<TargetKey, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var evicted = 0;
        foreach (var (key, entry) in _entries)
        {
            if (_time.GetElapsedTime(Volatile.Read(ref entry.LastTimestamp)) >= idle
                && !keep(key)
                && _entries.TryRemove(new KeyValuePair<TargetKey, Entry>(key, entry)))
            {
                evicted++;
            }
        }
        return evicted;
    }

    private Entry GetEntry(string providerId, string model) =>
        _entries.GetOrAdd(new TargetKey(providerId, model), static (_, time) => new Entry { LastTimestamp = time.GetTimestamp() }, _time);

    private void Touch(Entry entry)
    {
        Interlocked.Increment(ref entry.Samples);
        Volatile.Write(ref entry.LastTimestamp, _time.GetTimestamp());
    }

    /// <summary>One EWMA step; the first sample (NaN before it) is taken as is.</summary>
    private static void Update(ref double location, double sample, double alpha)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var next = double.IsNaN(current) ? sample : current + (alpha * (sample - current));
            var seen = Interlocked.CompareExchange(ref location, next, current);
            // Compare bits, not values: NaN != NaN would spin forever on the first sample.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }
            current = seen;
        }
    }

    private sealed class Entry
    {
        public double TimeToFirstTokenMs = double.NaN;
        public double TotalLatencyMs = double.NaN;
        public double ErrorRate = double.NaN;
        public double OutputTokensPerSecond = double.NaN;
        public long Samples;
        public long LastTimestamp;
    }
}
