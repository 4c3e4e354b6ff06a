using System.Collections.Concurrent;
using Gateway.Proxy.Pipeline;

namespace Gateway.Proxy.Health;

/// <summary>
/// The last failure each provider caused on this replica, for the live health view (the health stores keep what is
/// out and until when, not what went wrong last). Bounded by the number of providers.
/// </summary>
internal sealed class ProviderFailureJournal(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ProviderFailure> _failures = new(StringComparer.Ordinal);

    /// <summary>Notes a failed attempt; called only for failures held against the provider (never a client's 4xx).</summary>
    public void Failed(AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        _failures[attempt.Target.Provider.Id] = new ProviderFailure(time.GetUtcNow(), attempt.Target.Model, attempt.DestinationId,
            AttemptOutcomeNames.Of(attempt.Kind), attempt.UpstreamStatus ?? attempt.Outcome.StreamError?.StatusCode, attempt.Error?.Code ?? attempt.Outcome.StreamError?.Code);
    }

    public ProviderFailure? LastFailure(string providerId) => _failures.GetValueOrDefault(providerId);

    public void Forget(string providerId) => _failures.TryRemove(providerId, out _);
}
