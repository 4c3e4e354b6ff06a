using Gateway.Policies.Diagnostics;
using Gateway.Proxy.Logging.AccessLog;
using Gateway.Proxy.Usage;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Logging.AccessLog;

/// <summary><c>Gateway:Logging:AccessLog</c>: the usage line of config-only mode, on or off, sampled for successes, never for failures.</summary>
[TestFixture]
public sealed class AccessLogSamplingTests
{
    [Test]
    public void Writes_every_request_at_the_default_rate()
    {
        var (sink, lines) = Sink(new AccessLogOptions());

        for (var i = 0; i < 50; i++)
        {
            sink.Record(Record(200));
        }

        Assert.That(lines.Entries.Count(entry => entry.Id.Id == GatewayEventIds.UsageRecorded), Is.EqualTo(50));
    }

    [Test]
    public void Samples_the_successes_away_at_rate_zero_and_keeps_every_failure()
    {
        var (sink, lines) = Sink(new AccessLogOptions { SampleRate = 0 });

        sink.Record(Record(200));
        sink.Record(Record(429));
        sink.Record(Record(502));

        Assert.That(lines.Entries.Select(entry => entry.Message).ToList(), Has.Count.EqualTo(2)
            .And.Some.Contains("status 429").And.Some.Contains("status 502"));
    }

    [Test]
    public void Writes_nothing_when_off()
    {
        var (sink, lines) = Sink(new AccessLogOptions { Enabled = false });

        sink.Record(Record(200));
        sink.Record(Record(500));

        Assert.That(lines.Entries, Is.Empty);
    }

    [TestCase(0.25, 0.0, true)]
    [TestCase(0.25, 0.2499, true)]
    [TestCase(0.25, 0.25, false)]
    [TestCase(0.25, 0.9, false)]
    [TestCase(1.0, 0.9999, true)]
    [TestCase(0.0, 0.0, false)]
    public void Keeps_a_success_when_the_draw_falls_under_the_rate(double rate, double draw, bool kept) =>
        Assert.That(AccessLogSampling.Keeps(new AccessLogOptions { SampleRate = rate }, 200, draw), Is.EqualTo(kept));

    [Test]
    public void Keeps_about_the_rates_share_of_successes()
    {
        var (sink, lines) = Sink(new AccessLogOptions { SampleRate = 0.1 });

        for (var i = 0; i < 10_000; i++)
        {
            sink.Record(Record(200));
        }

        // 10 000 draws at p = 0.1: mean 1000, standard deviation 30; ±200 is over 6 of them.
        Assert.That(lines.Entries, Has.Count.InRange(800, 1200));
    }

    private static (LoggingUsageSink Sink, ListLogger<LoggingUsageSink> Lines) Sink(AccessLogOptions options)
    {
        var lines = new ListLogger<LoggingUsageSink>();
        return (new LoggingUsageSink(lines, new StaticOptionsMonitor<AccessLogOptions>(options)), lines);
    }

    private static UsageRecord Record(int status) => new()
    {
        Id = "gen-test",
        CreatedAt = DateTimeOffset.UnixEpoch,
        RequestedModel = "chat",
        Status = status,
    };
}
