using System.Collections.Concurrent;

namespace Gateway.Proxy.Health;

/// <summary>
/// The provider-account scope: a credential the provider rejects (its own "invalid key" answer, as each adapter
/// reads it) fails every model of that account, so after <see cref="PassiveHealthOptions.CredentialFailureThreshold"/>
/// rejections in a row the provider is out for <see cref="PassiveHealthOptions.AuthFailureCooldownSeconds"/> — or
/// until its credential changes in config, which gets a fresh chance at once. A success resets the count.
/// </summary>
internal sealed class ProviderCredentialHealth(
    IOptionsMonitor<PassiveHealthOptions> passiveHealth, TimeProvider time, ILogger<ProviderCredentialHealth> logger)
{
    private readonly ConcurrentDictionary<string, CredentialRecord> _records = new(StringComparer.Ordinal);

    public void Rejected(ProviderDefinition provider)
    {
        var options = passiveHealth.CurrentValue;
        var fingerprint = Fingerprint(provider);
        var record = _records.GetOrAdd(provider.Id, static _ => new CredentialRecord());
        var now = time.GetUtcNow();
        int rejections;
        lock (record.Gate)
        {
            if (record.Fingerprint != fingerprint)
            {
                record.Fingerprint = fingerprint;
                record.Rejections = 0;
                record.OutUntil = default;
            }
            if (record.OutUntil > now)
            {
                return;
            }
            rejections = ++record.Rejections;
            if (rejections < options.CredentialFailureThreshold || options.AuthFailureCooldownSeconds <= 0)
            {
                return;
            }
            record.OutUntil = now.AddSeconds(options.AuthFailureCooldownSeconds);
        }
        HealthLog.ProviderCredentialOut(logger, provider.Id, rejections, options.AuthFailureCooldownSeconds);
    }

    /// <summary>The provider served a request: its credential works.</summary>
    public void Accepted(string providerId)
    {
        if (!_records.IsEmpty)
        {
            _records.TryRemove(providerId, out _);
        }
    }

    /// <summary>Whether the provider is out for a rejected credential now (not if its credential has changed since).</summary>
    public bool TryGetOutage(ProviderDefinition provider, out CredentialOutage outage)
    {
        outage = default;
        if (_records.IsEmpty || !_records.TryGetValue(provider.Id, out var record))
        {
            return false;
        }
        var fingerprint = Fingerprint(provider);
        lock (record.Gate)
        {
            if (record.Fingerprint != fingerprint || record.OutUntil <= time.GetUtcNow())
            {
                return false;
            }
            outage = new CredentialOutage(provider.Id, record.OutUntil, record.Rejections);
            return true;
        }
    }

    /// <summary>Every provider out for its credential now (for <c>/readyz</c> and the metrics scrape).</summary>
    public IReadOnlyList<CredentialOutage> Outages()
    {
        var now = time.GetUtcNow();
        var outages = new List<CredentialOutage>();
        foreach (var (providerId, record) in _records)
        {
            lock (record.Gate)
            {
                if (record.OutUntil > now)
                {
                    outages.Add(new CredentialOutage(providerId, record.OutUntil, record.Rejections));
                }
            }
        }
        return outages;
    }

    public void Forget(string providerId) => _records.TryRemove(providerId, out _);

    /// <summary>Tells credentials apart without keeping them: the key and every setting (Bedrock signs with its settings).</summary>
    private static int Fingerprint(ProviderDefinition provider)
    {
        var hash = provider.ApiKey is null ? 0 : StringComparer.Ordinal.GetHashCode(provider.ApiKey);
        foreach (var (name, value) in provider.Settings)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(name), StringComparer.Ordinal.GetHashCode(value));
        }
        return hash;
    }

    private sealed class CredentialRecord
    {
        public readonly Lock Gate = new();
        public int Fingerprint;
        public int Rejections;
        public DateTimeOffset OutUntil;
    }
}
