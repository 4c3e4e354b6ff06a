using Gateway.Policies.Catalog;
using Gateway.Policies.Resilience;
using Gateway.Policies.Routing;
using Gateway.Policies.RoutingPolicies;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Resilience;

/// <summary>New breaker and engine options take effect at once, and no breaker forgets whether it is open.</summary>
[TestFixture]
public sealed class CircuitBreakerReconfigureTests
{
    private static readonly CircuitBreakerOptions Options = new()
    {
        FailureThreshold = 3,
        FailureRatio = 0.5,
        MinimumThroughput = 10,
        SamplingWindow = TimeSpan.FromSeconds(10),
        BreakDuration = TimeSpan.FromSeconds(30),
        HalfOpenMaxProbes = 1,
        ProbeTimeout = TimeSpan.FromSeconds(60),
    };

    private ManualTimeProvider _time = null!;
    private CircuitBreakerRegistry _registry = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider();
        _registry = new CircuitBreakerRegistry(Options, _time);
    }

    [Test]
    public void A_lower_threshold_applies_to_existing_and_new_breakers_and_keeps_the_failures_counted()
    {
        var existing = _registry.Get("a", "m");
        Fail(existing, 2);

        _registry.Reconfigure(Options with { FailureThreshold = 2, FailureRatio = 0 });

        Assert.That(existing.State, Is.EqualTo(CircuitState.Closed), "nothing trips until a result comes in");
        Fail(existing, 1);
        Assert.That(existing.State, Is.EqualTo(CircuitState.Open), "the two failures before the change still count");
        var fresh = _registry.Get("b", "m");
        Fail(fresh, 2);
        Assert.That(fresh.State, Is.EqualTo(CircuitState.Open));
    }

    [Test]
    public void An_open_circuit_stays_open_and_a_new_break_duration_counts_from_when_it_opened()
    {
        var breaker = _registry.Get("a", "m");
        Fail(breaker, 3);
        _time.Advance(TimeSpan.FromSeconds(10));

        _registry.Reconfigure(Options with { BreakDuration = TimeSpan.FromSeconds(60) });

        Assert.That(breaker.State, Is.EqualTo(CircuitState.Open));
        Assert.That(breaker.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(50)));
        Assert.That(breaker.Snapshot("a", "m").TimesOpened, Is.EqualTo(1));
    }

    [Test]
    public void A_new_sampling_window_starts_the_count_afresh()
    {
        var breaker = _registry.Get("a", "m");
        Fail(breaker, 2);

        _registry.Reconfigure(Options with { SamplingWindow = TimeSpan.FromSeconds(20) });
        Fail(breaker, 2);

        Assert.That(breaker.State, Is.EqualTo(CircuitState.Closed));
        Assert.That(breaker.Snapshot("a", "m").FailuresInWindow, Is.EqualTo(2));
    }

    [Test]
    public void Options_that_cannot_work_are_refused_and_the_old_ones_stay()
    {
        var breaker = _registry.Get("a", "m");

        Assert.Throws<ArgumentOutOfRangeException>(() => _registry.Reconfigure(Options with { HalfOpenMaxProbes = 0 }));
        Fail(breaker, 3);

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
        var shortAnswers = Succeed(engine.Route(catalog, RoutingPolicySet.Empty, request));

        engine.Reconfigure(new RoutingEngineOptions { DefaultOutputTokens = 1000 });
        var longAnswers = Succeed(engine.Route(catalog, RoutingPolicySet.Empty, request));

        Assert.That(Names(shortAnswers.Candidates)[0], Is.EqualTo("dear-output/m"));
        Assert.That(Names(longAnswers.Candidates)[0], Is.EqualTo("dear-input/m"));
    }

    private static void Fail(CircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.That(breaker.TryAcquire(out var permit), Is.True);
            breaker.RecordFailure(permit);
        }
    }
}
