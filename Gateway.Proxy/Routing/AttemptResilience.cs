using System.Diagnostics;
using Gateway.Policies.Resilience;
using Gateway.Proxy.Options;
using Gateway.Proxy.Pipeline;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Routing;

/// <summary>
/// What each attempt teaches routing: the circuit breaker per (provider, model) and the recent latency, throughput
/// and error statistics the latency, hybrid and throughput strategies read. Also the retry arithmetic.
/// </summary>
internal sealed class AttemptResilience
{
    private readonly IOptionsMonitor<ResilienceOptions> _options;
    private readonly IOptionsMonitor<GatewayLimitsOptions> _limits;

    public AttemptResilience(
        CircuitBreakerRegistry breakers, TargetStatistics statistics, IOptionsMonitor<ResilienceOptions> options, IOptionsMonitor<GatewayLimitsOptions> limits)
    {
        Breakers = breakers;
        Statistics = statistics;
        _options = options;
        _limits = limits;
    }

    public CircuitBreakerRegistry Breakers { get; }

    public TargetStatistics Statistics { get; }

    /// <summary>Consulted only after a failure, so built then, from the options in force.</summary>
    public BackoffCalculator Backoff => new(_options.CurrentValue.ToRetryOptions(_limits.CurrentValue.MaxAttempts));

    public void Observe(AttemptContext attempt, CircuitBreaker breaker, CircuitPermit permit)
    {
        var providerId = attempt.Target.Provider.Id;
        var model = attempt.Target.Model;
        if (CountsAgainstTarget(attempt))
        {
            breaker.RecordFailure(permit);
            Statistics.RecordFailure(providerId, model);
            return;
        }
        // A client's mistake or departure says nothing about the target, but must free a half-open probe slot.
        breaker.RecordSuccess(permit);
        if (attempt.Kind == AttemptOutcomeKind.Succeeded)
        {
            var end = attempt.EndTimestamp == 0 ? Stopwatch.GetTimestamp() : attempt.EndTimestamp;
            var first = attempt.Outcome.FirstTokenTimestamp > 0 ? attempt.Outcome.FirstTokenTimestamp : attempt.HeadersTimestamp;
            Statistics.RecordSuccess(providerId, model,
                Stopwatch.GetElapsedTime(attempt.StartTimestamp, first == 0 ? end : first),
                Stopwatch.GetElapsedTime(attempt.StartTimestamp, end),
                attempt.Outcome.Usage?.CompletionTokens ?? 0);
        }
    }

    private static bool CountsAgainstTarget(AttemptContext attempt) => attempt.Kind switch
    {
        AttemptOutcomeKind.Succeeded => attempt.Outcome.StreamError is { StatusCode: >= 500 or 429 },
        AttemptOutcomeKind.UpstreamError => attempt.UpstreamStatus is not (400 or 413 or 422),
        AttemptOutcomeKind.TransportError or AttemptOutcomeKind.MalformedAnswer => true,
        _ => false,
    };
}
