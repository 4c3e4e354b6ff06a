using System.Diagnostics;
using Gateway.Policies.Resilience;
using Gateway.Proxy.Health;
using Gateway.Proxy.Pipeline;
using Gateway.Transforms.Adapters;

namespace Gateway.Proxy.Routing;

/// <summary>
/// What each attempt teaches, each lesson to the narrowest scope it is about: a transport failure, timeout, 5xx or
/// malformed answer to the destination's outlier detection and the (provider, model) circuit breaker; a 429 to that
/// pair's cooldown; a rejected credential to the provider account. What the client caused (a 4xx about its
/// request or its model, a request never sent, a departed client) counts against nothing. Successes feed the
/// latency, throughput and error statistics the routing strategies read. Also the retry arithmetic.
/// </summary>
internal sealed class AttemptResilience
{
    private readonly DestinationOutlierDetector _destinations;
    private readonly ModelCooldowns _cooldowns;
    private readonly ProviderCredentialHealth _credentials;
    private readonly ProviderFailureJournal _failures;
    private readonly IOptionsMonitor<ResilienceOptions> _options;
    private readonly IOptionsMonitor<GatewayLimitsOptions> _limits;

    public AttemptResilience(
        CircuitBreakerRegistry breakers, TargetStatistics statistics, DestinationOutlierDetector destinations, ModelCooldowns cooldowns,
        ProviderCredentialHealth credentials, ProviderFailureJournal failures, IOptionsMonitor<ResilienceOptions> options, IOptionsMonitor<GatewayLimitsOptions> limits)
    {
        _failures = failures;
        Breakers = breakers;
        Statistics = statistics;
        _destinations = destinations;
        _cooldowns = cooldowns;
        _credentials = credentials;
        _options = options;
        _limits = limits;
    }

    public CircuitBreakerRegistry Breakers { get; }

    public TargetStatistics Statistics { get; }

    /// <summary>Consulted only after a failure, so built then, from the options in force.</summary>
    public BackoffCalculator Backoff => new(_options.CurrentValue.ToRetryOptions(_limits.CurrentValue.MaxAttempts));

    public void Observe(AttemptContext attempt, CircuitBreaker breaker, CircuitPermit permit)
    {
        var provider = attempt.Target.Provider;
        var model = attempt.Target.Model;
        var destination = attempt.DestinationId;
        var scope = ScopeOf(attempt);
        if (scope is null)
        {
            if (attempt.Kind == AttemptOutcomeKind.Succeeded)
            {
                Served(attempt, breaker, permit);
            }
            else
            {
                // Never sent, or the client left: nothing learnt, but a half-open probe's slot is freed.
                breaker.Release(permit);
            }
            return;
        }

        if (scope.Value != UpstreamFailureScope.Request)
        {
            _failures.Failed(attempt);
        }
        switch (scope.Value)
        {
            case UpstreamFailureScope.Provider:
                breaker.RecordFailure(permit);
                Statistics.RecordFailure(provider.Id, model);
                if (destination is not null)
                {
                    _destinations.RecordFailure(provider.Id, destination, Describe(attempt));
                }
                return;
            case UpstreamFailureScope.RateLimit:
                breaker.Release(permit);
                Statistics.RecordFailure(provider.Id, model);
                _cooldowns.RateLimited(provider.Id, model, attempt.RetryAfter);
                break;
            case UpstreamFailureScope.Credential:
                breaker.Release(permit);
                Statistics.RecordFailure(provider.Id, model);
                _credentials.Rejected(provider);
                break;
            default:
                breaker.Release(permit);
                break;
        }
        if (destination is not null)
        {
            // The destination answered: whatever the answer said, it is reachable and working.
            _destinations.RecordAnswer(provider.Id, destination, served: false);
        }
    }

    /// <summary>
    /// What a finished attempt's failure is about, or null when there is none to hold against anything: a success,
    /// a request never sent (the gateway refused it, or the candidate was skipped), or a client that left.
    /// </summary>
    public static UpstreamFailureScope? ScopeOf(AttemptContext attempt) => attempt.Kind switch
    {
        AttemptOutcomeKind.Succeeded => attempt.Outcome.StreamError switch
        {
            // Ended by the gateway's own shutdown, not by the provider.
            { Code: Hosting.DrainDeadline.ErrorCode } => null,
            { StatusCode: 429 } => UpstreamFailureScope.RateLimit,
            { StatusCode: >= 500 } => UpstreamFailureScope.Provider,
            _ => null,
        },
        AttemptOutcomeKind.UpstreamError => attempt.FailureScope ?? UpstreamFailureClassifier.ByStatus(attempt.UpstreamStatus ?? 502, attempt.CredentialRejected),
        AttemptOutcomeKind.TransportError or AttemptOutcomeKind.MalformedAnswer => UpstreamFailureScope.Provider,
        _ => null,
    };

    private void Served(AttemptContext attempt, CircuitBreaker breaker, CircuitPermit permit)
    {
        var providerId = attempt.Target.Provider.Id;
        var model = attempt.Target.Model;
        breaker.RecordSuccess(permit);
        if (attempt.DestinationId is { } destination)
        {
            _destinations.RecordAnswer(providerId, destination, served: true);
        }
        _cooldowns.Clear(providerId, model);
        _credentials.Accepted(providerId);
        var end = attempt.EndTimestamp == 0 ? Stopwatch.GetTimestamp() : attempt.EndTimestamp;
        var first = attempt.Outcome.FirstTokenTimestamp > 0 ? attempt.Outcome.FirstTokenTimestamp : attempt.HeadersTimestamp;
        Statistics.RecordSuccess(providerId, model,
            Stopwatch.GetElapsedTime(attempt.StartTimestamp, first == 0 ? end : first),
            Stopwatch.GetElapsedTime(attempt.StartTimestamp, end),
            attempt.Outcome.Usage?.CompletionTokens ?? 0);
    }

    private static string Describe(AttemptContext attempt) => attempt.Kind switch
    {
        AttemptOutcomeKind.TransportError => attempt.Error?.Code == "upstream_timeout" ? "a timeout" : "a transport failure",
        AttemptOutcomeKind.MalformedAnswer => "a malformed answer",
        AttemptOutcomeKind.Succeeded => "an error mid-stream",
        _ => string.Create(CultureInfo.InvariantCulture, $"HTTP {attempt.UpstreamStatus}"),
    };
}
