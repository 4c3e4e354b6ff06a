using System.Diagnostics;
using Gateway.Policies.Keys;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Checks a request against every limit of its key (the key's own, and its environment's, team's and
/// organization's) before anything is sent, and settles token and cost limits afterwards to the request's
/// <see cref="RequestAccount"/>, the same figures its usage record carries. Each limit reserves: requests 1 (at
/// admission, before the body is read), tokens the <see cref="TokenEstimate"/> (the body counted by the one
/// <see cref="ITokenEstimator"/>), cost that estimate at the dearest candidate's price when the request started (once
/// the request is resolved). A refusal by any limit gives back what the others reserved.
/// </summary>
internal sealed class QuotaEnforcer(
    QuotaCounterRegistry counters, ITokenEstimator estimator, RequestAccountant accountant, QuotaMetrics metrics,
    IOptionsMonitor<QuotaOptions> options, [FromKeyedServices(QuotaClock.ServiceKey)] TimeProvider clock, ILogger<QuotaEnforcer> logger)
{
    /// <summary>The least a request reserves from a budget: even one to an unpriced model needs a budget not yet spent.</summary>
    private const decimal MinimumCostReservation = 0.000001m;

    /// <summary>
    /// A reservation that found its slice empty this many times in a row gives up (503): each wait was a lease that
    /// granted something which concurrent requests took first; better to answer than to hold the request on.
    /// </summary>
    private const int MaxLeaseWaits = 16;

    private readonly QuotaCounterRegistry _counters = counters;
    private readonly ITokenEstimator _estimator = estimator;
    private readonly RequestAccountant _accountant = accountant;
    private readonly QuotaMetrics _metrics = metrics;
    private readonly IOptionsMonitor<QuotaOptions> _options = options;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<QuotaEnforcer> _logger = logger;

    /// <summary>
    /// Reserves the request-count limits of <paramref name="key"/> (its own and its containers'), before the body is
    /// read: a key over its request rate costs no body read nor parse. The holds go into the ticket
    /// <see cref="CheckAsync"/> completes; a request admitted here counts even if its body then turns out invalid.
    /// </summary>
    public async ValueTask<QuotaCheckResult> AdmitAsync(HttpContext context, GatewayKey key, QuotaLimitIndex quotas)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        if (!_options.CurrentValue.Enabled)
        {
            return default;
        }
        // The limits of the snapshot the request started with, like its routes and policies.
        var limits = QuotaLimitResolver.Resolve(key, quotas);
        var now = _clock.GetUtcNow();
        List<Pending>? pending = null;
        foreach (var limit in limits)
        {
            if (limit.Measure == QuotaMeasure.Requests)
            {
                (pending ??= new List<Pending>(2)).Add(new Pending(_counters.Get(limit, now), limit, 1m));
            }
        }
        if (pending is null)
        {
            return default;
        }
        var holds = new List<QuotaHold>(pending.Count);
        var refused = await ReserveAsync(context, pending, holds).ConfigureAwait(false);
        return refused ?? new QuotaCheckResult(new QuotaTicket(holds), null);
    }

    /// <summary>
    /// Reserves the token and cost limits of a resolved request (they need its candidates' prices and its size), adding
    /// to what <paramref name="admitted"/> holds; a refusal gives back everything, the admitted requests included.
    /// </summary>
    public async ValueTask<QuotaCheckResult> CheckAsync(HttpContext context, GatewayRequestFeature feature, QuotaTicket? admitted)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        var options = _options.CurrentValue;
        if (!options.Enabled || feature.Key is not { } key || feature.Parsed is null || feature.Plan is not { } plan)
        {
            return new QuotaCheckResult(admitted, null);
        }
        var limits = QuotaLimitResolver.Resolve(key, feature.Snapshot.Catalog.Quotas);
        var holds = new List<QuotaHold>(limits.Count);
        if (admitted is not null)
        {
            holds.AddRange(admitted.Holds);
        }

        if (UnpricedUnderBudget(limits, plan, feature.StartedAt) is { } unpriced)
        {
            // Refused before anything is reserved: the requests admitted before the body was read are given back too.
            Release(holds);
            return new QuotaCheckResult(null, QuotaErrors.Unpriced(unpriced));
        }

        var firstTarget = plan.Candidates.Count > 0 ? plan.Candidates[0] : null;
        var estimate = feature.Kind.QuotaEstimate(feature, firstTarget, options);
        if (limits.Count == 0)
        {
            return new QuotaCheckResult(admitted, null);
        }
        var cost = Math.Max(EstimateCost(plan, estimate, feature.StartedAt), MinimumCostReservation);

        var pending = new List<Pending>(limits.Count);
        var now = _clock.GetUtcNow();
        foreach (var limit in limits)
        {
            if (limit.Measure == QuotaMeasure.Requests)
            {
                // Reserved at admission, before the body was read.
                continue;
            }
            var amount = limit.Measure == QuotaMeasure.Tokens ? estimate.TotalTokens : cost;
            pending.Add(new Pending(_counters.Get(limit, now), limit, amount));
        }

        var refused = await ReserveAsync(context, pending, holds).ConfigureAwait(false);
        if (refused is { } refusal)
        {
            return refusal;
        }
        QuotaRateLimitHeaders.Attach(context.Response, Standings(holds.Select(hold => hold.Counter), _clock.GetUtcNow()));
        return new QuotaCheckResult(new QuotaTicket(holds), null);
    }

    /// <summary>
    /// Reserves every pending limit into <paramref name="holds"/>; on a refusal everything in <paramref name="holds"/> is
    /// given back and the refusal returned.
    /// </summary>
    private async ValueTask<QuotaCheckResult?> ReserveAsync(HttpContext context, List<Pending> pending, List<QuotaHold> holds)
    {
        try
        {
            for (var round = 0; pending.Count > 0; round++)
            {
                // Every limit is asked in each round and the leases they need are awaited together: a request whose
                // key, environment and team slices are all empty (the first one of a window) waits one round trip, not three.
                var waiting = new List<Pending>();
                foreach (var item in pending)
                {
                    var result = round > MaxLeaseWaits
                        ? QuotaReserveResult.Unavailable(default, TimeSpan.FromSeconds(1))
                        : item.Counter.Reserve(item.Limit, item.Amount, _clock.GetUtcNow());
                    switch (result.Outcome)
                    {
                        case QuotaReserveOutcome.Granted:
                            holds.Add(new QuotaHold(item.Counter, item.Limit, item.Amount, result.Window));
                            break;
                        case QuotaReserveOutcome.Wait:
                            waiting.Add(item with { Lease = result.Pending });
                            break;
                        default:
                            return Refuse(context, holds, item, result);
                    }
                }
                if (waiting.Count > 0)
                {
                    var started = Stopwatch.GetTimestamp();
                    await Task.WhenAll(waiting.Select(item => item.Lease!)).WaitAsync(context.RequestAborted).ConfigureAwait(false);
                    var waited = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    foreach (var item in waiting)
                    {
                        _metrics.LeaseWait(item.Limit.Measure, waited);
                    }
                }
                pending = waiting;
            }
        }
        catch (OperationCanceledException)
        {
            // The client left while waiting for a lease: nothing will be sent, so nothing stays reserved.
            Release(holds);
            throw;
        }
        return null;
    }

    /// <summary>
    /// Corrects token and cost reservations to the request's account (every attempt sent, as its usage record bills
    /// them); in-memory only (a lease it may start runs in the background).
    /// </summary>
    public void Settle(QuotaTicket ticket, RequestAccount account)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(account);
        var now = _clock.GetUtcNow();
        foreach (var hold in ticket.Holds)
        {
            var actual = hold.Limit.Measure switch
            {
                QuotaMeasure.Requests => hold.Reserved,
                QuotaMeasure.Tokens => account.Tokens.TotalTokens,
                _ => account.Cost,
            };
            hold.Counter.Settle(hold, actual, now);
        }
    }

    /// <summary>
    /// With a cost limit on the key, the first candidate that has no price (it would spend nothing against the limit,
    /// so any number of requests could reach it); null when every candidate is priced or no cost limit applies.
    /// </summary>
    private RouteTarget? UnpricedUnderBudget(IReadOnlyList<QuotaLimit> limits, RoutePlan plan, DateTimeOffset requestStart)
    {
        var budgeted = false;
        foreach (var limit in limits)
        {
            budgeted |= limit.Measure == QuotaMeasure.Cost;
        }
        if (!budgeted)
        {
            return null;
        }
        foreach (var target in plan.Candidates)
        {
            if (_accountant.PriceOf(target, requestStart) is null)
            {
                return target;
            }
        }
        return null;
    }

    /// <summary>One limit refused: give back what the others reserved, and answer with the refusal and the headers.</summary>
    private QuotaCheckResult Refuse(HttpContext context, List<QuotaHold> holds, Pending refused, QuotaReserveResult result)
    {
        var touched = new List<QuotaCounter>(holds.Count + 1);
        touched.AddRange(holds.Select(hold => hold.Counter));
        touched.Add(refused.Counter);
        Release(holds);
        QuotaRateLimitHeaders.Attach(context.Response, Standings(touched, _clock.GetUtcNow()));
        var limit = refused.Limit;
        _metrics.Rejected(limit.Subject.Kind, limit.Measure);
        GatewayLog.QuotaRejected(_logger, limit.Subject.Kind, limit.Subject.Id, limit.Measure, limit.Period, limit.Limit, refused.Amount, result.Outcome);
        return new QuotaCheckResult(null, result.Outcome == QuotaReserveOutcome.Unavailable
            ? QuotaErrors.QuotaUnavailable(result.RetryAfter)
            : QuotaErrors.Exceeded(limit, refused.Amount, result.RetryAfter));
    }

    private decimal EstimateCost(RoutePlan plan, TokenEstimate estimate, DateTimeOffset requestStart)
    {
        // Failover may land on any candidate: reserve at the dearest one's price.
        var usage = new TokenUsage((int)Math.Min(estimate.PromptTokens, int.MaxValue), (int)Math.Min(estimate.CompletionTokens, int.MaxValue));
        var cost = 0m;
        foreach (var target in plan.Candidates)
        {
            cost = Math.Max(cost, RequestAccountant.Cost(_accountant.PriceOf(target, requestStart), usage));
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

    /// <summary>A limit still to reserve, and the lease it is waiting for.</summary>
    private sealed record Pending(QuotaCounter Counter, QuotaLimit Limit, decimal Amount, Task? Lease = null);

    private static List<QuotaStanding> Standings(IEnumerable<QuotaCounter> counters, DateTimeOffset now) =>
        counters.Select(counter => counter.Standing(now)).ToList();
}
