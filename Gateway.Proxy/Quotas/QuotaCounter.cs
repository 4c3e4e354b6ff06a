using Gateway.Policies.Quotas;
using Gateway.Proxy.Logging;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// One limit's counter on this replica, for the current window: the slice of allowance leased from the source, and
/// what requests took from it. Reservations are served from the slice under a short lock, without I/O; the next
/// slice is leased in the background once the slice runs low, so a request waits for the source only when the
/// slice is empty (and then for one round trip, bounded by <see cref="QuotaOptions.LeaseTimeoutSeconds"/>).
/// <para>
/// Why the bound holds: the source never grants past the limit, and a request is admitted only against granted
/// allowance, so while the source is reachable the window's admitted reservations never exceed the limit. Usage
/// can exceed it only by settlement: a request that used more than it reserved is charged afterwards, even past
/// the limit (it was spent), and that excess is the overshoot. While the source is unreachable the fallback share
/// adds at most <c>limit / ExpectedReplicas</c> per replica (see README, "Quotas and rate limits").
/// </para>
/// </summary>
internal sealed class QuotaCounter
{
    private readonly Lock _gate = new();
    private readonly IQuotaLeaseSource _source;
    private readonly IOptionsMonitor<QuotaOptions> _options;
    private readonly QuotaMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    private QuotaLimit _limit;
    private QuotaWindowSpan _window;

    /// <summary>Allowance the source granted this replica in the window, plus overspend charged to it.</summary>
    private decimal _granted;

    /// <summary>What this replica's requests took: reservations, corrected to real usage at settlement.</summary>
    private decimal _used;

    /// <summary>The window's total at the source after this replica's last lease (every replica's grants).</summary>
    private decimal _sourceUsed;

    /// <summary>Allowance this replica gives itself while the source is unreachable (local-share behaviour).</summary>
    private decimal _fallback;

    private bool _unreachable;
    private bool _failOpen;
    private DateTimeOffset _retryAt;
    private DateTimeOffset _exhaustedUntil;
    private TaskCompletionSource? _fetch;

    public QuotaCounter(
        QuotaLimit limit, DateTimeOffset now, IQuotaLeaseSource source, IOptionsMonitor<QuotaOptions> options, QuotaMetrics metrics,
        TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(limit);
        _limit = limit;
        _window = QuotaWindowSpan.Containing(limit.Period, now);
        _source = source;
        _options = options;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Takes <paramref name="amount"/> from the slice, or says why not. <paramref name="limit"/> is the limit as the
    /// request resolved it: an admin's change applies from the next request on.
    /// </summary>
    public QuotaReserveResult Reserve(QuotaLimit limit, decimal amount, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limit);
        FetchPlan? plan;
        QuotaReserveResult result;
        lock (_gate)
        {
            Refresh(limit, now);
            if (_failOpen || amount <= _granted + _fallback - _used)
            {
                _used += amount;
                result = QuotaReserveResult.Granted(_window);
                plan = PlanPrefetch(now);
            }
            else if (_unreachable)
            {
                // Requests never wait for a source known to be down; a retry runs in the background when due.
                result = _options.CurrentValue.DatabaseDownBehavior == QuotaDatabaseDownBehavior.FailClosed
                    ? QuotaReserveResult.Unavailable(_window, _retryAt > now ? _retryAt - now : TimeSpan.FromSeconds(1))
                    : QuotaReserveResult.Denied(_window, _window.Remaining(now));
                plan = PlanPrefetch(now);
            }
            else if (_fetch is not null)
            {
                result = QuotaReserveResult.Wait(_window, _fetch.Task);
                plan = null;
            }
            else if (now < _exhaustedUntil)
            {
                result = QuotaReserveResult.Denied(_window, _window.Remaining(now));
                plan = PlanPrefetch(now);
            }
            else
            {
                plan = BeginFetch(amount);
                result = QuotaReserveResult.Wait(_window, plan.Completion.Task);
            }
        }
        Run(plan);
        return result;
    }

    /// <summary>
    /// Corrects a reservation to what the request really used: a refund goes back into the slice, an overspend is
    /// charged (past the limit if need be). A refund to a window that has ended is moot; an overspend of a request
    /// that straddled the window's end is charged to the current window, where it was spent.
    /// </summary>
    public void Settle(QuotaHold hold, decimal actual, DateTimeOffset now)
    {
        FetchPlan? plan;
        lock (_gate)
        {
            Refresh(_limit, now);
            var delta = actual - hold.Reserved;
            if (delta == 0 || (delta < 0 && hold.Window != _window))
            {
                return;
            }
            _used = Math.Max(_used + delta, 0);
            plan = PlanPrefetch(now);
        }
        Run(plan);
    }

    public QuotaStanding Standing(DateTimeOffset now)
    {
        lock (_gate)
        {
            Refresh(_limit, now);
            // The source's total counts this replica's unused slice as used; put it back, then add what was taken.
            var others = Math.Max(_sourceUsed - _granted, 0);
            var remaining = Math.Max(_limit.Limit - others - _used, 0);
            return new QuotaStanding(_limit, remaining, _window.Remaining(now));
        }
    }

    /// <summary>True once the window has ended with no activity since: the counter can be dropped.</summary>
    public bool IsIdle(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _fetch is null && now >= _window.End;
        }
    }

    /// <summary>Gives the unused part of the slice back to the source (at shutdown), so other replicas can use it.</summary>
    public async Task ReleaseUnusedAsync(CancellationToken cancellationToken)
    {
        QuotaLimit limit;
        QuotaWindowSpan window;
        decimal unused;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            unused = _granted - _used;
            if (_unreachable || !_window.Contains(now) || unused <= 0)
            {
                return;
            }
            _granted -= unused;
            limit = _limit;
            window = _window;
        }
        await _source.ReleaseAsync(limit, window, unused, cancellationToken).ConfigureAwait(false);
    }

    private void Refresh(QuotaLimit limit, DateTimeOffset now)
    {
        if (!_window.Contains(now))
        {
            _window = QuotaWindowSpan.Containing(limit.Period, now);
            _granted = 0;
            _used = 0;
            _sourceUsed = 0;
            _fallback = 0;
            _exhaustedUntil = default;
            if (_unreachable)
            {
                ApplyFallback();
            }
        }
        if (limit.Limit != _limit.Limit)
        {
            if (limit.Limit > _limit.Limit)
            {
                // A raised limit may have room again: ask at once rather than after the recheck delay.
                _exhaustedUntil = default;
            }
            _limit = limit;
            if (_unreachable)
            {
                ApplyFallback();
            }
        }
    }

    /// <summary>Decides whether to lease ahead (under the lock); the caller runs the plan after leaving it.</summary>
    private FetchPlan? PlanPrefetch(DateTimeOffset now)
    {
        if (_fetch is not null)
        {
            return null;
        }
        if (_unreachable)
        {
            return now >= _retryAt ? BeginFetch(0) : null;
        }
        if (_used > _granted)
        {
            // Overspend is charged promptly, even in a used-up window, so other replicas see the real total.
            return BeginFetch(0);
        }
        if (now < _exhaustedUntil)
        {
            return null;
        }
        var options = _options.CurrentValue;
        return _granted - _used < LeaseSize(options) * (decimal)options.PrefetchThreshold ? BeginFetch(0) : null;
    }

    private FetchPlan BeginFetch(decimal needed)
    {
        var leaseSize = LeaseSize(_options.CurrentValue);
        var want = Math.Max(leaseSize, needed - Math.Max(_granted - _used, 0));
        var charge = Math.Max(_used - _granted, 0);
        _fetch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new FetchPlan(_limit, _window, _granted, charge, want, _fetch);
    }

    private void Run(FetchPlan? plan)
    {
        if (plan is not null)
        {
            _ = FetchAsync(plan);
        }
    }

    private async Task FetchAsync(FetchPlan plan)
    {
        QuotaLease lease = default;
        Exception? failure = null;
        try
        {
            lease = await _source.LeaseAsync(plan.Limit, plan.Window, plan.Held, plan.Charge, plan.Want, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the source throws (network, timeout, server), the counter falls back; nothing may escape a background lease.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        var now = _clock.GetUtcNow();
        bool recovered = false, wentDown = false;
        lock (_gate)
        {
            _fetch = null;
            if (failure is null)
            {
                recovered = _unreachable;
                Apply(plan, lease, now);
            }
            else
            {
                wentDown = !_unreachable;
                _unreachable = true;
                _retryAt = now + TimeSpan.FromSeconds(_options.CurrentValue.DatabaseRetrySeconds);
                ApplyFallback();
            }
        }

        var measure = plan.Limit.Measure;
        if (failure is not null)
        {
            _metrics.Lease(measure, "failed");
            if (wentDown)
            {
                GatewayLog.QuotaSourceUnreachable(_logger, plan.Limit.CounterKey, _options.CurrentValue.DatabaseDownBehavior,
                    $"{failure.GetType().Name}: {failure.Message}");
            }
        }
        else
        {
            _metrics.Lease(measure, lease.Granted >= plan.Want ? "granted" : lease.Granted > 0 ? "partial" : "refused");
            if (recovered)
            {
                GatewayLog.QuotaSourceRecovered(_logger, plan.Limit.CounterKey);
            }
        }
        plan.Completion.TrySetResult();
    }

    private void Apply(FetchPlan plan, QuotaLease lease, DateTimeOffset now)
    {
        // The source answered: back to counting there. What the fallback let through was charged with this lease
        // (or will be with the next one, if it was taken after the lease set out).
        _unreachable = false;
        _failOpen = false;
        _fallback = 0;
        if (plan.Window != _window)
        {
            return;
        }
        _granted += plan.Charge + lease.Granted;
        _sourceUsed = lease.Used;
        if (lease.Granted < plan.Want)
        {
            _exhaustedUntil = now + TimeSpan.FromSeconds(_options.CurrentValue.ExhaustedRecheckSeconds);
        }
    }

    private void ApplyFallback()
    {
        var options = _options.CurrentValue;
        switch (options.DatabaseDownBehavior)
        {
            case QuotaDatabaseDownBehavior.FailOpen:
                _failOpen = true;
                break;
            case QuotaDatabaseDownBehavior.FailClosed:
                _failOpen = false;
                _fallback = 0;
                break;
            default:
                // This replica's share of the window, less what it already holds from the source.
                _failOpen = false;
                _fallback = Math.Max(_limit.Limit / options.ExpectedReplicas - _granted, 0);
                break;
        }
    }

    private decimal LeaseSize(QuotaOptions options)
    {
        var size = _limit.Limit * (decimal)options.LeaseFraction;
        return _limit.Measure switch
        {
            QuotaMeasure.Requests => Math.Clamp(Math.Ceiling(size), 1, options.MaxLeaseRequests),
            QuotaMeasure.Tokens => Math.Clamp(Math.Ceiling(size), 1, options.MaxLeaseTokens),
            _ => Math.Clamp(size, 0.000001m, (decimal)options.MaxLeaseCostUsd),
        };
    }

    /// <summary>One lease: what to charge, what to ask for, and for which window (a late answer for an ended window is dropped).</summary>
    private sealed record FetchPlan(QuotaLimit Limit, QuotaWindowSpan Window, decimal Held, decimal Charge, decimal Want, TaskCompletionSource Completion);
}
