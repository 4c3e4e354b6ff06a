using Gateway.Policies.Resilience;
using Gateway.Policies.Routing;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Resilience;

[TestFixture]
public sealed class CircuitBreakerTests
{
    private static readonly CircuitBreakerOptions Options = new()
    {
        FailureThreshold = 3,
        FailureRatio = 0.5,
        MinimumThroughput = 10,
        SamplingWindow = TimeSpan.FromSeconds(10),
        BreakDuration = TimeSpan.FromSeconds(30),
        HalfOpenMaxProbes = 2,
        ProbeTimeout = TimeSpan.FromSeconds(60),
    };

    private ManualTimeProvider _time = null!;
    private CircuitBreaker _breaker = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider();
        _breaker = new CircuitBreaker(Options, _time);
    }

    [Test]
    public void Opens_after_the_threshold_of_failures_within_the_window_and_refuses_requests()
    {
        Fail(2);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed));
        Fail(1);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Open));
        Assert.That(_breaker.TryAcquire(out _), Is.False);
        Assert.That(_breaker.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Failures_older_than_the_window_are_forgotten()
    {
        Fail(2);
        _time.Advance(TimeSpan.FromSeconds(11));
        Fail(2);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed));
    }

    [Test]
    public void Opens_on_the_failure_ratio_once_the_minimum_throughput_is_reached()
    {
        var breaker = new CircuitBreaker(Options with { FailureThreshold = 0 }, _time);
        for (var i = 0; i < 4; i++)
        {
            SucceedThenFail(breaker);
        }
        Assert.That(breaker.State, Is.EqualTo(CircuitState.Closed), "8 results: below the minimum throughput");
        SucceedThenFail(breaker);
        Assert.That(breaker.State, Is.EqualTo(CircuitState.Open), "5 failures of 10 = 50 %");
    }

    [Test]
    public void Mostly_successful_traffic_keeps_it_closed()
    {
        var breaker = new CircuitBreaker(Options with { FailureThreshold = 0 }, _time);
        for (var i = 0; i < 100; i++)
        {
            Acquire(breaker, out var permit);
            if (i % 4 == 0)
            {
                breaker.RecordFailure(permit);
            }
            else
            {
                breaker.RecordSuccess(permit);
            }
        }
        Assert.That(breaker.State, Is.EqualTo(CircuitState.Closed));
    }

    [Test]
    public void Turns_half_open_after_the_break_and_lets_a_limited_number_of_probes_through()
    {
        Fail(3);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(_breaker.TryAcquire(out _), Is.False);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.HalfOpen));
        Assert.That(_breaker.TryAcquire(out var first), Is.True);
        Assert.That(_breaker.TryAcquire(out var second), Is.True);
        Assert.That(_breaker.TryAcquire(out _), Is.False, "two probes at most");
        Assert.That(first.IsProbe && second.IsProbe, Is.True);
    }

    [Test]
    public void A_successful_probe_closes_the_circuit()
    {
        var probe = ProbeAfterTheBreak(_breaker);
        _breaker.RecordSuccess(probe);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed));
        Assert.That(_breaker.TryAcquire(out var normal) && !normal.IsProbe, Is.True);
        Fail(2);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed), "the old failures were cleared on closing");
    }

    [Test]
    public void A_failed_probe_opens_it_again_for_another_break()
    {
        var probe = ProbeAfterTheBreak(_breaker);
        _breaker.RecordFailure(probe);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Open));
        Assert.That(_breaker.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(_breaker.Snapshot("p", "m").TimesOpened, Is.EqualTo(2));
    }

    [Test]
    public void A_late_result_from_before_the_circuit_opened_does_not_count_as_a_probe()
    {
        Acquire(_breaker, out var slow);
        var probe = ProbeAfterTheBreak(_breaker);
        _breaker.RecordSuccess(slow);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.HalfOpen));
        _breaker.RecordFailure(probe);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Open));
    }

    [Test]
    public void A_probe_that_never_reports_frees_its_slot_after_the_probe_timeout()
    {
        var breaker = new CircuitBreaker(Options with { HalfOpenMaxProbes = 1 }, _time);
        _ = ProbeAfterTheBreak(breaker);
        Assert.That(breaker.TryAcquire(out _), Is.False);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(breaker.TryAcquire(out var retry) && retry.IsProbe, Is.True);
    }

    [Test]
    public void Is_safe_under_concurrent_use()
    {
        var breaker = new CircuitBreaker(Options with { FailureThreshold = 1_000_000, FailureRatio = 0 }, _time);
        Parallel.For(0, 100_000, i =>
        {
            if (breaker.TryAcquire(out var permit))
            {
                if (i % 2 == 0)
                {
                    breaker.RecordSuccess(permit);
                }
                else
                {
                    breaker.RecordFailure(permit);
                }
            }
        });
        var snapshot = breaker.Snapshot("p", "m");
        Assert.That(snapshot.ResultsInWindow, Is.EqualTo(100_000));
        Assert.That(snapshot.FailuresInWindow, Is.EqualTo(50_000));
    }

    [Test]
    public void Rejects_options_that_cannot_work()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CircuitBreaker(Options with { HalfOpenMaxProbes = 0 }, _time));
        Assert.Throws<ArgumentException>(() => _ = new CircuitBreaker(Options with { FailureThreshold = 0, FailureRatio = 0 }, _time));
        Assert.Throws<ArgumentException>(() => _ = new CircuitBreaker(Options with { BreakDuration = TimeSpan.Zero }, _time));
    }

    [Test]
    public void A_released_probe_frees_its_slot_without_closing_or_reopening_the_circuit()
    {
        var first = ProbeAfterTheBreak(_breaker);
        Acquire(_breaker, out var second);
        Assert.That(_breaker.TryAcquire(out _), Is.False, "both probe slots taken");

        _breaker.Release(first);

        Assert.That(_breaker.State, Is.EqualTo(CircuitState.HalfOpen), "a client's error says nothing either way");
        Acquire(_breaker, out var third);
        _breaker.RecordSuccess(third);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed));
        _breaker.RecordFailure(second);
        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed), "a result from before the circuit closed is ignored");
    }

    [Test]
    public void A_bypass_permit_changes_no_state()
    {
        Fail(3);

        _breaker.RecordSuccess(CircuitPermit.Bypass);
        _breaker.Release(CircuitPermit.Bypass);

        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Open));
    }

    [Test]
    public void The_registry_keeps_one_breaker_per_provider_and_model_and_reports_them_all()
    {
        var registry = new CircuitBreakerRegistry(Options, _time);
        var first = registry.Get("openai", "gpt-4o");
        Assert.That(registry.Get("openai", "gpt-4o"), Is.SameAs(first));
        Assert.That(registry.Get("openai", "gpt-4o"), Is.Not.SameAs(registry.Get("openai", "gpt-4o-mini")));
        Assert.That(registry.TryGet("anthropic", "claude", out _), Is.False, "looking does not create");
        var breaker = registry.Get("openai", "gpt-4o");
        for (var i = 0; i < 3; i++)
        {
            Acquire(breaker, out var permit);
            breaker.RecordFailure(permit);
        }
        Assert.That(registry.Snapshot().Select(s => (s.ProviderId, s.Model, s.State)), Is.EquivalentTo(new[]
        {
            ("openai", "gpt-4o", CircuitState.Open), ("openai", "gpt-4o-mini", CircuitState.Closed),
        }));
    }

    [Test]
    public void Routing_drops_targets_whose_circuit_is_open_and_keeps_half_open_ones()
    {
        var registry = new CircuitBreakerRegistry(Options, _time);
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover, Target("a", "m"), Target("b", "m")));
        Trip(registry.Get("a", "m"));

        var whileOpen = Succeed(Engine(breakers: registry).Route(catalog, new RoutingRequest { Model = "chat" }));
        Assert.That(Names(whileOpen.Candidates), Is.EqualTo(new[] { "b/m" }));
        Assert.That(whileOpen.Dropped.Single().Reason, Is.EqualTo(DropReason.CircuitOpen));

        _time.Advance(TimeSpan.FromSeconds(30));
        var halfOpen = Succeed(Engine(breakers: registry).Route(catalog, new RoutingRequest { Model = "chat" }));
        Assert.That(Names(halfOpen.Candidates), Is.EqualTo(new[] { "a/m", "b/m" }));
    }

    [Test]
    public void When_every_circuit_is_open_routing_answers_503_with_the_earliest_retry()
    {
        var registry = new CircuitBreakerRegistry(Options, _time);
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover, Target("a", "m"), Target("b", "m")));
        Trip(registry.Get("a", "m"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Trip(registry.Get("b", "m"));

        var result = Engine(breakers: registry).Route(catalog, new RoutingRequest { Model = "chat" });
        Assert.That(result.Error!.Kind, Is.EqualTo(RoutingErrorKind.AllCircuitsOpen));
        Assert.That(result.Error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void A_lower_threshold_applies_to_existing_and_new_breakers_and_keeps_the_failures_counted()
    {
        var registry = new CircuitBreakerRegistry(Options, _time);
        var existing = registry.Get("a", "m");
        Fail(existing, 2);

        registry.Reconfigure(Options with { FailureThreshold = 2, FailureRatio = 0 });

        Assert.That(existing.State, Is.EqualTo(CircuitState.Closed), "nothing trips until a result comes in");
        Fail(existing, 1);
        Assert.That(existing.State, Is.EqualTo(CircuitState.Open), "the two failures before the change still count");
        var fresh = registry.Get("b", "m");
        Fail(fresh, 2);
        Assert.That(fresh.State, Is.EqualTo(CircuitState.Open));
    }

    [Test]
    public void Reconfigured_an_open_circuit_stays_open_and_a_new_break_duration_counts_from_when_it_opened()
    {
        Fail(3);
        _time.Advance(TimeSpan.FromSeconds(10));

        _breaker.Reconfigure(Options with { BreakDuration = TimeSpan.FromSeconds(60) });

        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Open));
        Assert.That(_breaker.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(50)));
        Assert.That(_breaker.Snapshot("a", "m").TimesOpened, Is.EqualTo(1));
    }

    [Test]
    public void A_new_sampling_window_starts_the_count_afresh()
    {
        Fail(2);

        _breaker.Reconfigure(Options with { SamplingWindow = TimeSpan.FromSeconds(20) });
        Fail(2);

        Assert.That(_breaker.State, Is.EqualTo(CircuitState.Closed));
        Assert.That(_breaker.Snapshot("a", "m").FailuresInWindow, Is.EqualTo(2));
    }

    [Test]
    public void Options_that_cannot_work_are_refused_and_the_old_ones_stay()
    {
        var registry = new CircuitBreakerRegistry(Options, _time);
        var breaker = registry.Get("a", "m");

        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Reconfigure(Options with { HalfOpenMaxProbes = 0 }));
        Trip(breaker);

        Assert.That(breaker.State, Is.EqualTo(CircuitState.Open));
    }

    [Test]
    public void The_engine_prices_requests_without_a_maximum_at_the_new_default_output()
    {
        // Cheap prompt and dear output against the reverse: which is cheaper depends on the output assumed.
        var catalog = Catalog(Alias("chat", RoutingStrategy.Cost, Target("dear-output", "m", price: Price(1, 100)), Target("dear-input", "m", price: Price(100, 1))));
        var engine = Engine();
        var request = new RoutingRequest { Model = "chat", EstimatedPromptTokens = 10 };
        engine.Reconfigure(new RoutingEngineOptions { DefaultOutputTokens = 1 });
        var shortAnswers = Succeed(engine.Route(catalog, request));

        engine.Reconfigure(new RoutingEngineOptions { DefaultOutputTokens = 1000 });
        var longAnswers = Succeed(engine.Route(catalog, request));

        Assert.That(Names(shortAnswers.Candidates)[0], Is.EqualTo("dear-output/m"));
        Assert.That(Names(longAnswers.Candidates)[0], Is.EqualTo("dear-input/m"));
    }

    private void Fail(int times) => Fail(_breaker, times);

    private static void Trip(CircuitBreaker breaker) => Fail(breaker, 3);

    /// <summary>Trips <paramref name="breaker"/>, lets its break pass and takes the first probe permit.</summary>
    private CircuitPermit ProbeAfterTheBreak(CircuitBreaker breaker)
    {
        Trip(breaker);
        _time.Advance(Options.BreakDuration);
        Acquire(breaker, out var probe);
        return probe;
    }

    private static void Fail(CircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Acquire(breaker, out var permit);
            breaker.RecordFailure(permit);
        }
    }

    private static void SucceedThenFail(CircuitBreaker breaker)
    {
        Acquire(breaker, out var permit);
        breaker.RecordSuccess(permit);
        Fail(breaker, 1);
    }

    private static void Acquire(CircuitBreaker breaker, out CircuitPermit permit) =>
        Assert.That(breaker.TryAcquire(out permit), Is.True, "a permit was expected");
}
