using Gateway.Policies.Quotas;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Quotas;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Quotas;

/// <summary>One limit's counter on one replica: slices, windows, settlement, prefetch and the database-down behaviours.</summary>
[TestFixture]
public sealed class QuotaCounterTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 12, 0, 5, TimeSpan.Zero);

    private readonly QuotaMetrics _metrics = new(MetricsRegistry.CreateUnexported());
    private ManualClock _clock = null!;
    private StaticOptionsMonitor<QuotaOptions> _options = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualClock(Start);
        _options = new StaticOptionsMonitor<QuotaOptions>(new QuotaOptions());
    }

    [Test]
    public async Task Admits_up_to_the_limit_then_denies_until_the_window_ends()
    {
        var limit = Limit(QuotaMeasure.Requests, QuotaPeriod.Minute, 3);
        var counter = Counter(limit, new LocalQuotaLeaseSource());

        var admitted = new List<QuotaReserveOutcome>();
        for (var i = 0; i < 3; i++)
        {
            admitted.Add((await ReserveAsync(counter, limit, 1)).Outcome);
        }
        var refused = await ReserveAsync(counter, limit, 1);

        Assert.That(admitted, Is.All.EqualTo(QuotaReserveOutcome.Granted));
        Assert.That(refused.Outcome, Is.EqualTo(QuotaReserveOutcome.Denied));
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(55)), "until the minute ends");
        Assert.That(counter.Standing(_clock.Now).Remaining, Is.Zero);

        _clock.Advance(TimeSpan.FromSeconds(55));

        Assert.That((await ReserveAsync(counter, limit, 1)).Outcome, Is.EqualTo(QuotaReserveOutcome.Granted), "a new window starts at 0");
        Assert.That(counter.Standing(_clock.Now), Is.EqualTo(new QuotaStanding(limit, 2, TimeSpan.FromMinutes(1))));
    }

    [Test]
    public async Task Day_and_month_windows_end_at_midnight_and_the_first_of_the_month_utc()
    {
        var day = Limit(QuotaMeasure.Cost, QuotaPeriod.Day, 10);
        var month = Limit(QuotaMeasure.Tokens, QuotaPeriod.Month, 10);

        var dayResult = await ReserveAsync(Counter(day, new LocalQuotaLeaseSource()), day, 1);
        var monthResult = await ReserveAsync(Counter(month, new LocalQuotaLeaseSource()), month, 1);

        Assert.That(dayResult.Window, Is.EqualTo(new QuotaWindowSpan(new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero), new(2025, 3, 11, 0, 0, 0, TimeSpan.Zero))));
        Assert.That(monthResult.Window, Is.EqualTo(new QuotaWindowSpan(new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero))));
    }

    [Test]
    public async Task Settlement_refunds_what_was_not_used_and_charges_overspend_past_the_limit()
    {
        var limit = Limit(QuotaMeasure.Tokens, QuotaPeriod.Minute, 100);
        var counter = Counter(limit, new LocalQuotaLeaseSource());

        var first = await ReserveAsync(counter, limit, 50);
        counter.Settle(new QuotaHold(counter, limit, 50, first.Window), 20, _clock.Now);
        Assert.That(counter.Standing(_clock.Now).Remaining, Is.EqualTo(80), "30 of the 50 reserved came back");

        var second = await ReserveAsync(counter, limit, 50);
        counter.Settle(new QuotaHold(counter, limit, 50, second.Window), 90, _clock.Now);

        Assert.That(counter.Standing(_clock.Now).Remaining, Is.Zero, "20 + 90 = 110 used: the overspend counts");
        Assert.That((await ReserveAsync(counter, limit, 1)).Outcome, Is.EqualTo(QuotaReserveOutcome.Denied));
    }

    [Test]
    public async Task A_refund_to_an_ended_window_is_dropped_and_an_overspend_lands_in_the_current_one()
    {
        var limit = Limit(QuotaMeasure.Tokens, QuotaPeriod.Minute, 100);
        var counter = Counter(limit, new LocalQuotaLeaseSource());
        var early = await ReserveAsync(counter, limit, 40);
        var late = await ReserveAsync(counter, limit, 40);

        _clock.Advance(TimeSpan.FromMinutes(1));
        counter.Settle(new QuotaHold(counter, limit, 40, early.Window), 10, _clock.Now);
        counter.Settle(new QuotaHold(counter, limit, 40, late.Window), 65, _clock.Now);

        Assert.That(counter.Standing(_clock.Now).Remaining, Is.EqualTo(75), "only the 25 spent beyond the reservation is charged now");
    }

    [Test]
    public async Task Leases_the_next_slice_in_the_background_before_the_slice_runs_out()
    {
        var limit = Limit(QuotaMeasure.Requests, QuotaPeriod.Minute, 100);
        var source = new SharedLeaseSource();
        var counter = Counter(limit, source);
        Assert.That((await ReserveAsync(counter, limit, 1)).Outcome, Is.EqualTo(QuotaReserveOutcome.Granted));
        Assert.That(source.Leases, Is.EqualTo(1), "the first request of a window waits for one lease of 10 (LeaseFraction 0.1)");

        source.Hold();
        var outcomes = new List<QuotaReserveOutcome>();
        for (var i = 0; i < 9; i++)
        {
            outcomes.Add(counter.Reserve(limit, 1, _clock.Now).Outcome);
        }

        Assert.That(outcomes, Is.All.EqualTo(QuotaReserveOutcome.Granted), "served from the slice without waiting while the next lease is out");
        Assert.That(counter.Reserve(limit, 1, _clock.Now).Outcome, Is.EqualTo(QuotaReserveOutcome.Wait), "the slice is empty now");
        source.Resume();
        Assert.That((await ReserveAsync(counter, limit, 1)).Outcome, Is.EqualTo(QuotaReserveOutcome.Granted));
        Assert.That(source.Leases, Is.EqualTo(2), "one prefetch, started when the slice fell below half a lease");
    }

    [Test]
    public async Task Two_replicas_on_one_source_never_admit_more_than_the_limit_together()
    {
        var limit = Limit(QuotaMeasure.Requests, QuotaPeriod.Minute, 57);
        var source = new SharedLeaseSource();
        var replicas = new[] { Counter(limit, source), Counter(limit, source) };

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => ReserveAsync(replicas[i % 2], limit, 1))));

        Assert.That(results.Count(r => r.Outcome == QuotaReserveOutcome.Granted), Is.EqualTo(57),
            "requests overshoot by nothing while the source is reachable; here demand also used every slice");
        Assert.That(source.Used(limit, results[0].Window), Is.EqualTo(57m));
    }

    [Test]
    public async Task Shutdown_gives_the_unused_slice_back()
    {
        var limit = Limit(QuotaMeasure.Requests, QuotaPeriod.Day, 100);
        var source = new SharedLeaseSource();
        var counter = Counter(limit, source);
        var result = await ReserveAsync(counter, limit, 1);

        await counter.ReleaseUnusedAsync(CancellationToken.None);

        Assert.That(source.Released, Is.EqualTo(9m));
        Assert.That(source.Used(limit, result.Window), Is.EqualTo(1m));
    }

    [Test]
    public async Task Database_down_local_share_allows_the_limit_divided_by_expected_replicas()
    {
        _options.CurrentValue = new QuotaOptions { ExpectedReplicas = 4 };
        var limit = Limit(QuotaMeasure.Requests, QuotaPeriod.Minute, 20);
        var counter = Counter(limit, new SharedLeaseSource { Failing = true });

        var outcomes = new List<QuotaReserveOutcome>();
        for (var i = 0; i < 6; i++)
        {
            outcomes.Add((await ReserveAsync(counter, limit, 1)).Outcome);
        }

        Assert.That(outcomes.Take(5), Is.All.EqualTo(QuotaReserveOutcome.Granted));
        Assert.That(outcomes[5], Is.EqualTo(QuotaReserveOutcome.Denied));
    }

    [Test]
    public async Task Database_down_fail_open_admits_and_fail_closed_refuses()
    {
        var limit = Limit(QuotaMeasure.Requests, QuotaPeriod.Minute, 2);
        _options.CurrentValue = new QuotaOptions { DatabaseDownBehavior = QuotaDatabaseDownBehavior.FailOpen };
        var open = Counter(limit, new SharedLeaseSource { Failing = true });
        var openOutcomes = new List<QuotaReserveOutcome>();
        for (var i = 0; i < 5; i++)
        {
            openOutcomes.Add((await ReserveAsync(open, limit, 1)).Outcome);
        }
        Assert.That(openOutcomes, Is.All.EqualTo(QuotaReserveOutcome.Granted));

        _options.CurrentValue = new QuotaOptions { DatabaseDownBehavior = QuotaDatabaseDownBehavior.FailClosed, DatabaseRetrySeconds = 5 };
        var closed = Counter(limit, new SharedLeaseSource { Failing = true });
        var refused = await ReserveAsync(closed, limit, 1);
        Assert.That(refused.Outcome, Is.EqualTo(QuotaReserveOutcome.Unavailable));
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task After_the_database_returns_what_the_fallback_admitted_is_charged_there()
    {
        _options.CurrentValue = new QuotaOptions { ExpectedReplicas = 2, DatabaseRetrySeconds = 5 };
        var limit = Limit(QuotaMeasure.Requests, QuotaPeriod.Day, 20);
        var source = new SharedLeaseSource { Failing = true };
        var counter = Counter(limit, source);
        for (var i = 0; i < 4; i++)
        {
            Assert.That((await ReserveAsync(counter, limit, 1)).Outcome, Is.EqualTo(QuotaReserveOutcome.Granted));
        }

        source.Failing = false;
        _clock.Advance(TimeSpan.FromSeconds(5));
        var result = await ReserveAsync(counter, limit, 1);
        await EventuallyAsync(() => source.Leases == 1);

        Assert.That(result.Outcome, Is.EqualTo(QuotaReserveOutcome.Granted), "served from the fallback while the retry runs in the background");
        Assert.That(source.Charged, Is.EqualTo(5m), "the five admitted while away are charged with the first lease");
        Assert.That(source.Used(limit, result.Window), Is.EqualTo(7m), "5 charged + a lease of 2 (LeaseFraction 0.1 of 20)");
    }

    [Test]
    public async Task A_raised_limit_admits_again_at_once()
    {
        var limit = Limit(QuotaMeasure.Requests, QuotaPeriod.Day, 1);
        var counter = Counter(limit, new SharedLeaseSource());
        Assert.That((await ReserveAsync(counter, limit, 1)).Outcome, Is.EqualTo(QuotaReserveOutcome.Granted));
        Assert.That((await ReserveAsync(counter, limit, 1)).Outcome, Is.EqualTo(QuotaReserveOutcome.Denied));

        var raised = limit with { Limit = 2 };

        Assert.That((await ReserveAsync(counter, raised, 1)).Outcome, Is.EqualTo(QuotaReserveOutcome.Granted));
    }

    [Test]
    public async Task The_registry_drops_counters_whose_window_ended()
    {
        var registry = new QuotaCounterRegistry(new LocalQuotaLeaseSource(), _options, _metrics, _clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<QuotaCounterRegistry>.Instance);
        var minute = Limit(QuotaMeasure.Requests, QuotaPeriod.Minute, 5);
        var day = Limit(QuotaMeasure.Requests, QuotaPeriod.Day, 5) with { Subject = QuotaSubject.Key("other") };
        await ReserveAsync(registry.Get(minute, _clock.Now), minute, 1);
        await ReserveAsync(registry.Get(day, _clock.Now), day, 1);

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.That(registry.Prune(_clock.Now), Is.EqualTo(1));
        Assert.That(registry.Count, Is.EqualTo(1), "the day's counter keeps its slice");
        Assert.That(registry.Get(day, _clock.Now).Standing(_clock.Now).Remaining, Is.EqualTo(4));
    }

    private static QuotaLimit Limit(QuotaMeasure measure, QuotaPeriod period, decimal value) =>
        new(QuotaSubject.Key("k"), measure, period, value);

    private QuotaCounter Counter(QuotaLimit limit, IQuotaLeaseSource source) =>
        new(limit, _clock.Now, source, _options, _metrics, _clock, NullLogger.Instance);

    /// <summary>Reserves as the enforcer does: waiting for leases until there is an answer.</summary>
    private async Task<QuotaReserveResult> ReserveAsync(QuotaCounter counter, QuotaLimit limit, decimal amount)
    {
        while (true)
        {
            var result = counter.Reserve(limit, amount, _clock.Now);
            if (result.Outcome != QuotaReserveOutcome.Wait)
            {
                return result;
            }
            await result.Pending!.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    private static Task EventuallyAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
}
