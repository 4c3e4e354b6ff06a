using Gateway.Proxy.Pipeline;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// What a finished request really used, for settling its quotas: the serving provider's usage; without one (a
/// stream cut short) the prompt estimate plus the generated text at 4 bytes a token; nothing if no provider
/// answered (a failed attempt costs no tokens).
/// </summary>
internal static class ServedUsage
{
    private const double BytesPerToken = 4.0;

    public static (AttemptContext? Served, TokenUsage Usage) Of(GatewayRequestFeature feature, long promptEstimate)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var attempts = feature.Attempts;
        for (var i = attempts.Count - 1; i >= 0; i--)
        {
            var attempt = attempts[i];
            if (attempt.Kind is AttemptOutcomeKind.Rejected or AttemptOutcomeKind.Skipped)
            {
                continue;
            }
            var outcome = attempt.Outcome;
            if (outcome.Usage is { } usage)
            {
                return (attempt, usage);
            }
            if (outcome.GeneratedBytes > 0)
            {
                var completion = (int)Math.Min(Math.Ceiling(outcome.GeneratedBytes / BytesPerToken), int.MaxValue);
                return (attempt, new TokenUsage((int)Math.Min(promptEstimate, int.MaxValue), completion));
            }
            return (attempt, default);
        }
        return (null, default);
    }
}
