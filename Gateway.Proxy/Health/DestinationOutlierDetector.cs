using System.Collections.Concurrent;
using Gateway.Proxy.Logging;
using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy.Health;

/// <summary>
/// Outlier detection per destination (a provider's base URL), as Envoy's: a destination is ejected after
/// <see cref="PassiveHealthOptions.ConsecutiveFailures"/> transport failures, timeouts or 5xx in a row, or once
/// <see cref="PassiveHealthOptions.FailureRatio"/> of its answers in the window failed — never after one. It stays
/// out for <see cref="PassiveHealthOptions.EjectionSeconds"/> times the ejections in a row (capped); a success while
/// out (a panic attempt) brings it back at once. Any other answer ends a run of failures: a 4xx or a 429 shows the
/// destination answers.
/// </summary>
/// <remarks>
/// This is the one place passive destination health is kept. YARP's own passive state is not used: it changes the
/// available list on a background task and reactivates on a timer, so the attempt loop could not rely on it the
/// moment a failure is recorded, nor move it with the gateway's clock. The loop narrows YARP's available
/// destinations (which active probes still govern) by <see cref="InService"/> instead.
/// </remarks>
internal sealed class DestinationOutlierDetector(
    IOptionsMonitor<PassiveHealthOptions> passiveHealth, TimeProvider time, ILogger<DestinationOutlierDetector> logger)
{
    private readonly ConcurrentDictionary<DestinationKey, DestinationRecord> _records = new();

    // The latest end of any ejection ever set (UTC ticks): past it nothing can be out, so the per-request check is one read.
    private long _ejectionsEndBy;

    /// <summary>A transport failure, timeout, 5xx or malformed answer from this destination (<paramref name="failure"/> says which, for the log).</summary>
    public void RecordFailure(string providerId, string destinationId, string failure)
    {
        var options = passiveHealth.CurrentValue;
        var window = TimeSpan.FromSeconds(options.FailureRatioWindowSeconds);
        var record = _records.GetOrAdd(new DestinationKey(providerId, destinationId), static _ => new DestinationRecord());
        var now = time.GetUtcNow().UtcTicks;
        string reason;
        TimeSpan ejectedFor;
        lock (record.Gate)
        {
            if (record.EjectedUntil > now)
            {
                // Already out (a panic attempt failed again): the ejection stands as it is.
                return;
            }
            record.Consecutive++;
            record.Window.Add(now, window, failed: true);
            var (failures, answers) = record.Window.Totals(now, window);
            if (record.Consecutive >= options.ConsecutiveFailures)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"{record.Consecutive} failures in a row (the last: {failure})");
            }
            else if (answers >= options.FailureRatioMinimumRequests && failures >= options.FailureRatio * answers)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"{failures} of {answers} answers failed within {options.FailureRatioWindowSeconds:0.#} s (the last: {failure})");
            }
            else
            {
                return;
            }
            if (options.EjectionSeconds <= 0)
            {
                return;
            }
            record.TimesInARow++;
            ejectedFor = TimeSpan.FromSeconds(Math.Min(options.EjectionSeconds * record.TimesInARow, Math.Max(options.MaxEjectionSeconds, options.EjectionSeconds)));
            Volatile.Write(ref record.EjectedUntil, now + ejectedFor.Ticks);
            record.Reason = reason;
            record.Consecutive = 0;
            record.Window.Clear();
        }
        RaiseEjectionsEnd(now + ejectedFor.Ticks);
        GatewayLog.DestinationTakenOut(logger, providerId, destinationId, ejectedFor.TotalSeconds, reason);
    }

    /// <summary>
    /// The destination answered without failing: <paramref name="served"/> when the request succeeded, false for an
    /// error answer that is not the destination's fault (a 4xx, a 429, a rejected credential).
    /// </summary>
    public void RecordAnswer(string providerId, string destinationId, bool served)
    {
        var record = _records.GetOrAdd(new DestinationKey(providerId, destinationId), static _ => new DestinationRecord());
        var now = time.GetUtcNow().UtcTicks;
        var window = TimeSpan.FromSeconds(passiveHealth.CurrentValue.FailureRatioWindowSeconds);
        var reinstated = false;
        lock (record.Gate)
        {
            record.Consecutive = 0;
            record.Window.Add(now, window, failed: false);
            if (served && record.EjectedUntil != 0)
            {
                // Served while out (panic) or after coming back: the run of ejections is over.
                reinstated = record.EjectedUntil > now;
                Volatile.Write(ref record.EjectedUntil, 0);
                record.TimesInARow = 0;
            }
            else if (served)
            {
                record.TimesInARow = 0;
            }
        }
        if (reinstated)
        {
            HealthLog.DestinationReinstated(logger, providerId, destinationId);
        }
    }

    /// <summary>
    /// The destinations of <paramref name="available"/> (YARP's list, which active probes govern) that are not
    /// ejected: the same list when none is, which is the usual case and costs one read.
    /// </summary>
    public IReadOnlyList<DestinationState> InService(string providerId, IReadOnlyList<DestinationState> available)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (now >= Volatile.Read(ref _ejectionsEndBy))
        {
            return available;
        }
        List<DestinationState>? kept = null;
        for (var i = 0; i < available.Count; i++)
        {
            if (IsEjected(providerId, available[i].DestinationId, now))
            {
                kept ??= Prefix(available, i);
            }
            else
            {
                kept?.Add(available[i]);
            }
        }
        return kept ?? available;
    }

    /// <summary>When the first of these ejected destinations comes back; null if none of them is ejected.</summary>
    public DateTimeOffset? SoonestBack(string providerId, IReadOnlyList<DestinationState> destinations)
    {
        var now = time.GetUtcNow().UtcTicks;
        long soonest = long.MaxValue;
        foreach (var destination in destinations)
        {
            if (_records.TryGetValue(new DestinationKey(providerId, destination.DestinationId), out var record))
            {
                var until = Volatile.Read(ref record.EjectedUntil);
                if (until > now && until < soonest)
                {
                    soonest = until;
                }
            }
        }
        return soonest == long.MaxValue ? null : new DateTimeOffset(soonest, TimeSpan.Zero);
    }

    public bool TryGetEjection(string providerId, string destinationId, out DestinationEjection ejection)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (_records.TryGetValue(new DestinationKey(providerId, destinationId), out var record))
        {
            lock (record.Gate)
            {
                if (record.EjectedUntil > now)
                {
                    ejection = new DestinationEjection(providerId, destinationId, new DateTimeOffset(record.EjectedUntil, TimeSpan.Zero), record.Reason ?? "", record.TimesInARow);
                    return true;
                }
            }
        }
        ejection = default;
        return false;
    }

    /// <summary>Every destination out of service now (allocates: for <c>/readyz</c> and the metrics scrape).</summary>
    public IReadOnlyList<DestinationEjection> Ejections()
    {
        var ejections = new List<DestinationEjection>();
        foreach (var (key, _) in _records)
        {
            if (TryGetEjection(key.ProviderId, key.DestinationId, out var ejection))
            {
                ejections.Add(ejection);
            }
        }
        return ejections;
    }

    /// <summary>Drops what is known about a provider that left the catalog.</summary>
    public void Forget(string providerId)
    {
        foreach (var (key, _) in _records)
        {
            if (string.Equals(key.ProviderId, providerId, StringComparison.Ordinal))
            {
                _records.TryRemove(key, out _);
            }
        }
    }

    private bool IsEjected(string providerId, string destinationId, long now) =>
        _records.TryGetValue(new DestinationKey(providerId, destinationId), out var record) && Volatile.Read(ref record.EjectedUntil) > now;

    private static List<DestinationState> Prefix(IReadOnlyList<DestinationState> available, int count)
    {
        var kept = new List<DestinationState>(available.Count);
        for (var i = 0; i < count; i++)
        {
            kept.Add(available[i]);
        }
        return kept;
    }

    private void RaiseEjectionsEnd(long until)
    {
        var current = Volatile.Read(ref _ejectionsEndBy);
        while (until > current)
        {
            var seen = Interlocked.CompareExchange(ref _ejectionsEndBy, until, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private readonly record struct DestinationKey(string ProviderId, string DestinationId);

    private sealed class DestinationRecord
    {
        public readonly Lock Gate = new();
        public readonly OutcomeWindow Window = new();
        public int Consecutive;
        public int TimesInARow;
        public long EjectedUntil;
        public string? Reason;
    }
}
