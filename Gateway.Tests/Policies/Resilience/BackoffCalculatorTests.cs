using Gateway.Policies.Resilience;

namespace Gateway.Tests.Policies.Resilience;

[TestFixture]
public sealed class BackoffCalculatorTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    [Test]
    public void Full_jitter_stays_within_zero_and_the_capped_exponential()
    {
        var random = new Random(1);
        for (var retry = 0; retry < 10; retry++)
        {
            var ceiling = TimeSpan.FromTicks(Math.Min(Cap.Ticks, Base.Ticks << retry));
            for (var i = 0; i < 1000; i++)
            {
                var delay = BackoffCalculator.FullJitter(retry, Base, Cap, random.NextDouble());
                Assert.That(delay, Is.InRange(TimeSpan.Zero, ceiling));
            }
        }
        Assert.That(BackoffCalculator.FullJitter(3, Base, Cap, 0.5), Is.EqualTo(TimeSpan.FromMilliseconds(400)), "half of 100 ms * 2^3");
        Assert.That(BackoffCalculator.FullJitter(50, Base, Cap, 1), Is.EqualTo(Cap));
    }

    [Test]
    public void Decorrelated_jitter_grows_from_the_previous_delay_within_base_and_cap()
    {
        var random = new Random(2);
        var previous = TimeSpan.Zero;
        for (var i = 0; i < 1000; i++)
        {
            var delay = BackoffCalculator.DecorrelatedJitter(previous, Base, Cap, random.NextDouble());
            var upper = TimeSpan.FromTicks(Math.Min(Cap.Ticks, Math.Max(Base.Ticks, previous.Ticks) * 3));
            Assert.That(delay, Is.InRange(Base, upper));
            previous = delay;
        }
        Assert.That(BackoffCalculator.DecorrelatedJitter(TimeSpan.FromMilliseconds(500), Base, Cap, 1), Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        Assert.That(BackoffCalculator.DecorrelatedJitter(TimeSpan.FromMilliseconds(500), Base, Cap, 0), Is.EqualTo(Base));
    }

    [Test]
    public void Moves_straight_on_to_the_next_candidate_without_waiting()
    {
        var decision = Calculator().Decide(Context(attempts: 1, hasNext: true, retryAfter: TimeSpan.FromSeconds(5)), 0.5);
        Assert.That(decision, Is.EqualTo(new RetryDecision(RetryAction.NextCandidate, TimeSpan.Zero, "next candidate")));
    }

    [Test]
    public void Waits_out_a_retry_after_within_the_cap_before_retrying_the_last_candidate()
    {
        var decision = Calculator().Decide(Context(attempts: 1, retryAfter: TimeSpan.FromSeconds(3)), 0.5);
        Assert.That(decision.Action, Is.EqualTo(RetryAction.RetrySameCandidate));
        Assert.That(decision.Delay, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void Skips_a_target_whose_retry_after_is_beyond_the_cap()
    {
        var decision = Calculator().Decide(Context(attempts: 1, retryAfter: TimeSpan.FromSeconds(11)), 0.5);
        Assert.That(decision.Action, Is.EqualTo(RetryAction.Stop));
        Assert.That(decision.Reason, Does.Contain("Retry-After"));
    }

    [Test]
    public void Backs_off_with_jitter_when_there_is_no_retry_after()
    {
        var decision = Calculator().Decide(Context(attempts: 1), 0.5);
        Assert.That(decision.Action, Is.EqualTo(RetryAction.RetrySameCandidate));
        Assert.That(decision.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(50)), "half of the 100 ms base for the first retry");
    }

    [Test]
    public void Stops_when_the_attempts_are_used_up()
    {
        Assert.That(Calculator().Decide(Context(attempts: 3, hasNext: true), 0.5).Action, Is.EqualTo(RetryAction.Stop));
    }

    [Test]
    public void Stops_when_the_last_candidate_was_retried_enough()
    {
        Assert.That(Calculator().Decide(Context(attempts: 2, retriesOfThis: 1), 0.5).Action, Is.EqualTo(RetryAction.Stop));
    }

    [Test]
    public void Stops_when_the_wait_would_overrun_the_time_budget()
    {
        var calculator = Calculator();
        Assert.That(calculator.Decide(Context(attempts: 1, elapsed: TimeSpan.FromSeconds(28), retryAfter: TimeSpan.FromSeconds(3)), 0.5).Action, Is.EqualTo(RetryAction.Stop));
        Assert.That(calculator.Decide(Context(attempts: 1, elapsed: TimeSpan.FromSeconds(26), retryAfter: TimeSpan.FromSeconds(3)), 0.5).Action, Is.EqualTo(RetryAction.RetrySameCandidate));
        Assert.That(calculator.Decide(Context(attempts: 1, elapsed: TimeSpan.FromSeconds(30), hasNext: true), 0.5).Action, Is.EqualTo(RetryAction.Stop));
    }

    [Test]
    public void Decorrelated_mode_uses_the_previous_delay()
    {
        var calculator = new BackoffCalculator(Options() with { Jitter = JitterMode.Decorrelated });
        var decision = calculator.Decide(Context(attempts: 1, previous: TimeSpan.FromMilliseconds(400)), 1);
        Assert.That(decision.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(1200)));
    }

    [Test]
    public void Rejects_options_that_cannot_work()
    {
        Assert.Throws<ArgumentException>(() => _ = new BackoffCalculator(Options() with { MaxAttempts = 0 }));
        Assert.Throws<ArgumentException>(() => _ = new BackoffCalculator(Options() with { MaxDelay = TimeSpan.FromMilliseconds(10) }));
    }

    private static RetryOptions Options() => new()
    {
        MaxAttempts = 3,
        MaxRetriesPerCandidate = 1,
        TotalBudget = TimeSpan.FromSeconds(30),
        BaseDelay = Base,
        MaxDelay = Cap,
        MaxRetryAfter = TimeSpan.FromSeconds(10),
        Jitter = JitterMode.Full,
    };

    private static BackoffCalculator Calculator() => new(Options());

    private static RetryContext Context(
        int attempts, bool hasNext = false, TimeSpan? retryAfter = null, TimeSpan elapsed = default, int retriesOfThis = 0, TimeSpan previous = default) =>
        new(attempts, elapsed, retryAfter, retriesOfThis, previous, hasNext);
}
