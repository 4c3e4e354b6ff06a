using System.Collections.Concurrent;
using Gateway.Policies.Resilience;

namespace Gateway.Proxy.Health;

/// <summary>
/// Cooldowns per (provider, model) after a 429, as LiteLLM cools a deployment down: a rate limit is about what it
/// limits, so only that pair is skipped — for the provider's <c>Retry-After</c> (capped by
/// <see cref="PassiveHealthOptions.MaxRetryAfterSeconds"/>) or <see cref="PassiveHealthOptions.RateLimitCooldownSeconds"/>
/// without one. The provider's other models and its destinations keep serving. A success ends the cooldown.
/// </summary>
internal sealed class ModelCooldowns(IOptionsMonitor<PassiveHealthOptions> passiveHealth, TimeProvider time, ILogger<ModelCooldowns> logger)
{
    private readonly ConcurrentDictionary<TargetKey, ModelCooldown> _cooldowns = new();

    /// <summary>A 429 for this pair; a later 429 can lengthen the cooldown, never shorten it.</summary>
    public void RateLimited(string providerId, string model, TimeSpan? retryAfter)
    {
        var options = passiveHealth.CurrentValue;
        var seconds = Math.Min(retryAfter?.TotalSeconds ?? options.RateLimitCooldownSeconds, options.MaxRetryAfterSeconds);
        if (seconds <= 0)
        {
            return;
        }
        var key = new TargetKey(providerId, model);
        var cooldown = new ModelCooldown(key, time.GetUtcNow().AddSeconds(seconds), retryAfter);
        _cooldowns.AddOrUpdate(key, static (_, added) => added, static (_, existing, added) => existing.Until >= added.Until ? existing : added, cooldown);
        HealthLog.ModelCoolingDown(logger, providerId, model, seconds, retryAfter is not null);
    }

    /// <summary>Whether the pair is cooling down now (an ended cooldown is dropped as it is found).</summary>
    public bool TryGet(string providerId, string model, out ModelCooldown cooldown)
    {
        if (_cooldowns.IsEmpty || !_cooldowns.TryGetValue(new TargetKey(providerId, model), out cooldown))
        {
            cooldown = default;
            return false;
        }
        if (cooldown.Until > time.GetUtcNow())
        {
            return true;
        }
        _cooldowns.TryRemove(new KeyValuePair<TargetKey, ModelCooldown>(cooldown.Target, cooldown));
        return false;
    }

    /// <summary>The pair served a request: whatever limited it is over.</summary>
    public void Clear(string providerId, string model)
    {
        if (!_cooldowns.IsEmpty)
        {
            _cooldowns.TryRemove(new TargetKey(providerId, model), out _);
        }
    }

    /// <summary>Every pair cooling down now (allocates: for <c>/readyz</c> and the metrics scrape); ended ones are dropped.</summary>
    public IReadOnlyList<ModelCooldown> Active()
    {
        var now = time.GetUtcNow();
        var active = new List<ModelCooldown>();
        foreach (var (key, cooldown) in _cooldowns)
        {
            if (cooldown.Until > now)
            {
                active.Add(cooldown);
            }
            else
            {
                _cooldowns.TryRemove(new KeyValuePair<TargetKey, ModelCooldown>(key, cooldown));
            }
        }
        return active;
    }

    public void Forget(string providerId)
    {
        foreach (var (key, _) in _cooldowns)
        {
            if (string.Equals(key.ProviderId, providerId, StringComparison.Ordinal))
            {
                _cooldowns.TryRemove(key, out _);
            }
        }
    }
}
