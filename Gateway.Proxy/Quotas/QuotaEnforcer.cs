using System.Diagnostics;
using Gateway.Policies.Quotas;
using Gateway.Policies.Routing;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Pipeline;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Checks a resolved request against every limit of its key (the key's own, and its environment's, team's and
/// organization's) before anything is sent, and settles token and cost limits with the real usage afterwards.
/// Each limit reserves: requests 1, tokens the <see cref="TokenEstimate"/>, cost that estimate at the dearest
/// candidate's price. A refusal by any limit gives back what the others reserved.
/// </summary>
internal sealed class QuotaEnforcer
{
    /// <summary>The least a request reserves from a budget: even one to an unpriced model needs a budget not yet spent.</summary>
    private const decimal MinimumCostReservation = 0.000001m;

    /// <summary>Reservations that found the slice empty and waited this many leases in a row give up (503).</summary>
    private const int MaxLeaseWaits = 16;

    private readonly QuotaCounterRegistry _counters;
    private readonly QuotaLimitSource _limits;
    private readonly IQuotaCostCalculator _costs;
    private readonly QuotaMetrics _metrics;
    private readonly IOptionsMonitor<QuotaOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<QuotaEnforcer> _logger;

    public QuotaEnforcer(
        QuotaCounterRegistry counters, QuotaLimitSource limits, IQuotaCostCalculator costs, QuotaMetrics metrics,
        IOptionsMonitor<QuotaOptions> options, [FromKeyedServices(QuotaClock.ServiceKey)] TimeProvider clock, ILogger<QuotaEnforcer> logger)
    {
        _counters = counters;
        _limits = limits;
        _costs = costs;
        _metrics = metrics;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    public async ValueTask<QuotaCheckResult> CheckAsync(HttpContext context, GatewayRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        var options = _options.CurrentValue;
        if (!options.Enabled || feature.Key is not { } key || feature.Request is not { } request || feature.Plan is not { } plan)
        {
            return default;
        }
        var limits = QuotaLimitResolver.Resolve(key, _limits.Current);
        if (limits.Count == 0)
        {
            return default;
        }

        var firstTarget = plan.Candidates.Count > 0 ? plan.Candidates[0] : null;
        var estimate = TokenEstimate.Estimate(feature.RequestBody?.WrittenCount ?? 0, request.MaxTokens, request.N,
            firstTarget?.ContextWindow, options.PromptBytesPerToken, options.DefaultCompletionTokens);
        var cost = Math.Max(EstimateCost(plan, estimate), MinimumCostReservation);

        var holds = new List<QuotaHold>(limits.Count);
        try
        {
            foreach (var limit in limits)
            {
                var amount = limit.Measure switch
                {
                    QuotaMeasure.Requests => 1m,
                    QuotaMeasure.Tokens => estimate.TotalTokens,
                    _ => cost,
                };
                var counter = _counters.Get(limit, _clock.GetUtcNow());
                var result = await ReserveAsync(counter, limit, amount, context.RequestAborted).ConfigureAwait(false);
                if (result.Outcome == QuotaReserveOutcome.Granted)
                {
                    holds.Add(new QuotaHold(counter, limit, amount, result.Window));
                    continue;
                }

                var touched = new List<QuotaCounter>(holds.Count + 1);
                touched.AddRange(holds.Select(hold => hold.Counter));
                touched.Add(counter);
                Release(holds);
                QuotaRateLimitHeaders.Attach(context.Response, Standings(touched, _clock.GetUtcNow()));
                _metrics.Rejected(limit.Subject.Kind, limit.Measure);
                GatewayLog.QuotaRejected(_logger, limit.Subject.Kind, limit.Subject.Id, limit.Measure, limit.Period, limit.Limit, amount, result.Outcome);
                return new QuotaCheckResult(null, result.Outcome == QuotaReserveOutcome.Unavailable
                    ? QuotaErrors.QuotaUnavailable(result.RetryAfter)
                    : QuotaErrors.Exceeded(limit, amount, result.RetryAfter));
            }
        }
        catch (OperationCanceledException)
        {
            // The client left while waiting for a lease: nothing will be sent, so nothing stays reserved.
            Release(holds);
            throw;
        }

        QuotaRateLimitHeaders.Attach(context.Response, Standings(holds.Select(hold => hold.Counter), _clock.GetUtcNow()));
        return new QuotaCheckResult(new QuotaTicket(holds, estimate), null);
    }

    /// <summary>Corrects token and cost reservations to what the request used. Never throws: it runs in a finally.</summary>
    public void Settle(QuotaTicket ticket, GatewayRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(feature);
        var (served, usage) = ServedUsage.Of(feature, ticket.Estimate.PromptTokens);
        var cost = served is null ? 0 : _costs.Cost(served.Target, usage);
        var now = _clock.GetUtcNow();
        foreach (var hold in ticket.Holds)
        {
            var actual = hold.Limit.Measure switch
            {
                QuotaMeasure.Requests => hold.Reserved,
                QuotaMeasure.Tokens => usage.TotalTokens,
                _ => cost,
            };
            hold.Counter.Settle(hold, actual, now);
        }
    }

    private async ValueTask<QuotaReserveResult> ReserveAsync(QuotaCounter counter, QuotaLimit limit, decimal amount, CancellationToken cancellationToken)
    {
        for (var waits = 0; ; waits++)
        {
            var result = counter.Reserve(limit, amount, _clock.GetUtcNow());
            if (result.Outcome != QuotaReserveOutcome.Wait)
            {
                return result;
            }
            if (waits == MaxLeaseWaits)
            {
                // Each wait is one lease that granted something, yet others kept taking it first: give up rather
                // than hold the request indefinitely.
                return QuotaReserveResult.Unavailable(result.Window, TimeSpan.FromSeconds(1));
            }
            var started = Stopwatch.GetTimestamp();
            await result.Pending!.WaitAsync(cancellationToken).ConfigureAwait(false);
            _metrics.LeaseWait(limit.Measure, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private decimal EstimateCost(RoutePlan plan, TokenEstimate estimate)
    {
        // Failover may land on any candidate: reserve at the dearest one's price.
        var usage = new Gateway.Transforms.Usage.TokenUsage(
            (int)Math.Min(estimate.PromptTokens, int.MaxValue), (int)Math.Min(estimate.CompletionTokens, int.MaxValue));
        var cost = 0m;
        foreach (var target in plan.Candidates)
        {
            cost = Math.Max(cost, _costs.Cost(target, usage));
        }
        return cost;
    }

    private void Release(List<QuotaHold> holds)
    {
        var now = _clock.GetUtcNow();
        foreach (var hold in holds)
        {
            hold.Counter.Settle(hold, 0, now);
        }
        holds.Clear();
    }

    private static List<QuotaStanding> Standings(IEnumerable<QuotaCounter> counters, DateTimeOffset now) =>
        counters.Select(counter => counter.Standing(now)).ToList();
}
