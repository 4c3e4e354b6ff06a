using Gateway.Proxy.Logging.AccessLog;

namespace Gateway.Tests.Logging.AccessLog;

/// <summary>The access line's sampling rule (<see cref="AccessLogWriter"/> asks it): successes sampled, failures never, nothing when off.</summary>
[TestFixture]
public sealed class AccessLogSamplingTests
{
    [TestCase(0.25, 0.0, true)]
    [TestCase(0.25, 0.2499, true)]
    [TestCase(0.25, 0.25, false)]
    [TestCase(0.25, 0.9, false)]
    [TestCase(1.0, 0.9999, true)]
    [TestCase(0.0, 0.0, false)]
    public void Keeps_a_success_when_the_draw_falls_under_the_rate(double rate, double draw, bool kept) =>
        Assert.That(AccessLogSampling.Keeps(new AccessLogOptions { SampleRate = rate }, 200, draw), Is.EqualTo(kept));

    [Test]
    public void Keeps_every_failure_and_nothing_when_off()
    {
        Assert.That(AccessLogSampling.Keeps(new AccessLogOptions { SampleRate = 0 }, 429, 0.99), Is.True);
        Assert.That(AccessLogSampling.Keeps(new AccessLogOptions { SampleRate = 0 }, 502, 0.99), Is.True);
        Assert.That(AccessLogSampling.Keeps(new AccessLogOptions { Enabled = false }, 500, 0.0), Is.False);
    }
}
