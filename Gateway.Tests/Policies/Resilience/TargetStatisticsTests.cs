using Gateway.Policies.Resilience;

namespace Gateway.Tests.Policies.Resilience;

[TestFixture]
public sealed class TargetStatisticsTests
{
    [Test]
    public void Nothing_is_known_before_the_first_result()
    {
        var statistics = new TargetStatistics(new ManualTimeProvider());
        Assert.That(statistics.TryGet("p", "m", out _), Is.False);
    }

    [Test]
    public void The_first_sample_is_taken_as_is_and_later_ones_are_averaged_exponentially()
    {
        var statistics = new TargetStatistics(new ManualTimeProvider(), alpha: 0.5);
        statistics.RecordSuccess("p", "m", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1100), 500);
        statistics.RecordSuccess("p", "m", TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(2300), 1000);
        Assert.That(statistics.TryGet("p", "m", out var snapshot), Is.True);
        Assert.That(snapshot.TimeToFirstTokenMs, Is.EqualTo(200).Within(1e-9));
        Assert.That(snapshot.TotalLatencyMs, Is.EqualTo(1700).Within(1e-9));
        Assert.That(snapshot.OutputTokensPerSecond, Is.EqualTo(500).Within(1e-9), "500 tokens/s both times");
        Assert.That(snapshot.ErrorRate, Is.Zero);
        Assert.That(snapshot.Samples, Is.EqualTo(2));
    }

    [Test]
    public void Failures_raise_the_error_rate_and_leave_latency_alone()
    {
        var statistics = new TargetStatistics(new ManualTimeProvider(), alpha: 0.5);
        statistics.RecordSuccess("p", "m", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), 0);
        statistics.RecordFailure("p", "m");
        statistics.RecordFailure("p", "m");
        statistics.TryGet("p", "m", out var snapshot);
        Assert.That(snapshot.ErrorRate, Is.EqualTo(0.75).Within(1e-9));
        Assert.That(snapshot.TotalLatencyMs, Is.EqualTo(200));
        Assert.That(double.IsNaN(snapshot.OutputTokensPerSecond), Is.True, "no output tokens were reported");
    }

    [Test]
    public void Only_failures_leave_the_latency_unknown()
    {
        var statistics = new TargetStatistics(new ManualTimeProvider());
        statistics.RecordFailure("p", "m");
        statistics.TryGet("p", "m", out var snapshot);
        Assert.That(double.IsNaN(snapshot.TotalLatencyMs), Is.True);
        Assert.That(snapshot.ErrorRate, Is.EqualTo(1));
    }

    [Test]
    public void The_age_is_the_time_since_the_last_result()
    {
        var time = new ManualTimeProvider();
        var statistics = new TargetStatistics(time);
        statistics.RecordFailure("p", "m");
        time.Advance(TimeSpan.FromSeconds(42));
        statistics.TryGet("p", "m", out var snapshot);
        Assert.That(snapshot.Age, Is.EqualTo(TimeSpan.FromSeconds(42)));
    }

    [Test]
    public void Concurrent_updates_lose_no_sample_and_keep_the_average_in_range()
    {
        var statistics = new TargetStatistics(new ManualTimeProvider());
        Parallel.For(0, 50_000, i =>
        {
            var ms = 100 + (i % 100);
            statistics.RecordSuccess("p", "m", TimeSpan.FromMilliseconds(ms / 2.0), TimeSpan.FromMilliseconds(ms), 10);
        });
        statistics.TryGet("p", "m", out var snapshot);
        Assert.That(snapshot.Samples, Is.EqualTo(50_000));
        Assert.That(snapshot.TotalLatencyMs, Is.InRange(100, 200));
    }

    [Test]
    public void Rejects_a_weight_outside_zero_to_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TargetStatistics(TimeProvider.System, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TargetStatistics(TimeProvider.System, 1.5));
    }
}
