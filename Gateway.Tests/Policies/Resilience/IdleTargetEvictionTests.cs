using Gateway.Policies.Resilience;

namespace Gateway.Tests.Policies.Resilience;

/// <summary>Breakers and statistics of targets nobody claims go once idle; claimed, busy or open ones stay.</summary>
[TestFixture]
public sealed class IdleTargetEvictionTests
{
    // One failure opens a circuit, and it stays open far longer than any idle time below.
    private static readonly CircuitBreakerOptions Options = CircuitBreakerOptions.Default with { FailureThreshold = 1, BreakDuration = TimeSpan.FromMinutes(30) };

    private static readonly Func<TargetKey, bool> KeepKnown = key => key.Model == "known";

    [Test]
    public void Drops_idle_breakers_of_unclaimed_targets_only()
    {
        var time = new ManualTimeProvider();
        var registry = new CircuitBreakerRegistry(Options, time);
        registry.Get("p", "known");
        registry.Get("p", "random-1");
        registry.Get("p", "random-2");
        time.Advance(TimeSpan.FromMinutes(5));
        registry.Get("p", "random-2");

        var evicted = registry.EvictIdle(TimeSpan.FromMinutes(5), KeepKnown);

        Assert.That(evicted, Is.EqualTo(1));
        Assert.That(registry.TryGet("p", "random-1", out _), Is.False, "idle and unclaimed");
        Assert.That(registry.TryGet("p", "random-2", out _), Is.True, "used just now");
        Assert.That(registry.TryGet("p", "known", out _), Is.True, "claimed by the catalog");
    }

    [Test]
    public void Keeps_an_open_breaker_however_long_idle()
    {
        var time = new ManualTimeProvider();
        var registry = new CircuitBreakerRegistry(Options, time);
        var breaker = registry.Get("p", "random");
        Assert.That(breaker.TryAcquire(out var permit), Is.True);
        breaker.RecordFailure(permit);
        Assert.That(breaker.State, Is.EqualTo(CircuitState.Open));
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.That(registry.EvictIdle(TimeSpan.FromMinutes(5), KeepKnown), Is.Zero);
        Assert.That(registry.Get("p", "random"), Is.SameAs(breaker), "forgetting it would close the circuit early");
    }

    [Test]
    public void Drops_statistics_not_updated_for_the_idle_time()
    {
        var time = new ManualTimeProvider();
        var statistics = new TargetStatistics(time);
        statistics.RecordFailure("p", "known");
        statistics.RecordFailure("p", "random-1");
        time.Advance(TimeSpan.FromMinutes(5));
        statistics.RecordSuccess("p", "random-2", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), 5);

        Assert.That(statistics.EvictIdle(TimeSpan.FromMinutes(5), KeepKnown), Is.EqualTo(1));
        Assert.That(statistics.TryGet("p", "random-1", out _), Is.False);
        Assert.That(statistics.TryGet("p", "random-2", out _), Is.True);
        Assert.That(statistics.TryGet("p", "known", out _), Is.True);
        Assert.That(statistics.Count, Is.EqualTo(2));
    }
}
