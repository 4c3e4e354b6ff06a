using System.Collections.Concurrent;
using Gateway.Proxy.Pipeline;

namespace Gateway.Proxy.Operations;

/// <summary>
/// What this replica last saw go wrong per provider, for the live health view: the last failed attempt, and the
/// cooldowns passive health set (YARP keeps a destination's health but not when or why it will return). Written by
/// the passive health policy once per attempt; bounded by the number of providers and destinations.
/// </summary>
internal sealed class ProviderHealthJournal
{
    private readonly ConcurrentDictionary<string, ProviderFailure> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Provider, string Destination), DestinationCooldown> _cooldowns = new();
    private readonly TimeProvider _time;

    public ProviderHealthJournal(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Notes an attempt's failure, if it is one the provider caused (a client's 400 is not).</summary>
    public void Attempted(AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.Kind is not (AttemptOutcomeKind.UpstreamError or AttemptOutcomeKind.TransportError or AttemptOutcomeKind.MalformedAnswer) || !attempt.IsRetryable)
        {
            return;
        }
        _failures[attempt.Target.Provider.Id] = new ProviderFailure(_time.GetUtcNow(), attempt.Target.Model, attempt.DestinationId,
            AttemptOutcomeNames.Of(attempt.Kind), attempt.UpstreamStatus, attempt.Error?.Code);
    }

    public void TakenOut(string providerId, string destinationId, TimeSpan cooldown, string reason) =>
        _cooldowns[(providerId, destinationId)] = new DestinationCooldown(_time.GetUtcNow() + cooldown, reason);

    public ProviderFailure? LastFailure(string providerId) => _failures.GetValueOrDefault(providerId);

    /// <summary>The cooldown of a destination while it lasts; null after it ended.</summary>
    public DestinationCooldown? Cooldown(string providerId, string destinationId) =>
        _cooldowns.TryGetValue((providerId, destinationId), out var cooldown) && cooldown.Until > _time.GetUtcNow() ? cooldown : null;
}
