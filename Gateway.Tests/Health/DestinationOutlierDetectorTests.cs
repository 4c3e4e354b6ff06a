using Gateway.Proxy.Health;
using Gateway.Proxy.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Model;

namespace Gateway.Tests.Health;

[TestFixture]
public sealed class DestinationOutlierDetectorTests
{
    private ManualTimeProvider _time = null!;
    private StaticOptionsMonitor<PassiveHealthOptions> _options = null!;
    private DestinationOutlierDetector _detector = null!;

    [SetUp]
    public void CreateDetector()
    {
        _time = new ManualTimeProvider();
        _options = new StaticOptionsMonitor<PassiveHealthOptions>(new PassiveHealthOptions
        {
            ConsecutiveFailures = 3, FailureRatio = 0.5, FailureRatioMinimumRequests = 10, FailureRatioWindowSeconds = 30,
            EjectionSeconds = 30, MaxEjectionSeconds = 75,
        });
        _detector = new DestinationOutlierDetector(_options, _time, NullLogger<DestinationOutlierDetector>.Instance);
    }

    [Test]
    public void Keeps_a_destination_after_one_failure_and_ejects_it_after_the_consecutive_threshold()
    {
        _detector.RecordFailure("p", "p-0", "HTTP 500");
        _detector.RecordFailure("p", "p-0", "HTTP 502");
        Assert.That(_detector.TryGetEjection("p", "p-0", out _), Is.False, "two failures are not enough");

        _detector.RecordFailure("p", "p-0", "a transport failure");

        Assert.That(_detector.TryGetEjection("p", "p-0", out var ejection), Is.True);
        Assert.That(ejection.Until, Is.EqualTo(_time.GetUtcNow().AddSeconds(30)));
        Assert.That(ejection.Reason, Is.EqualTo("3 failures in a row (the last: a transport failure)"));
    }

    [Test]
    public void An_answer_that_is_not_a_failure_ends_the_run()
    {
        _detector.RecordFailure("p", "p-0", "HTTP 500");
        _detector.RecordFailure("p", "p-0", "HTTP 500");
        _detector.RecordAnswer("p", "p-0", served: false);
        _detector.RecordFailure("p", "p-0", "HTTP 500");
        _detector.RecordFailure("p", "p-0", "HTTP 500");

        Assert.That(_detector.TryGetEjection("p", "p-0", out _), Is.False);
    }

    [Test]
    public void Ejects_on_the_failure_ratio_once_enough_answers_are_in_the_window()
    {
        _options.CurrentValue.ConsecutiveFailures = 100;
        for (var i = 0; i < 5; i++)
        {
            _detector.RecordAnswer("p", "p-0", served: true);
            _detector.RecordFailure("p", "p-0", "HTTP 503");
        }

        Assert.That(_detector.TryGetEjection("p", "p-0", out var ejection), Is.True);
        Assert.That(ejection.Reason, Does.StartWith("5 of 10 answers failed within 30 s"));
    }

    [Test]
    public void Forgets_failures_older_than_the_window()
    {
        _options.CurrentValue.ConsecutiveFailures = 100;
        for (var i = 0; i < 4; i++)
        {
            _detector.RecordAnswer("p", "p-0", served: true);
            _detector.RecordFailure("p", "p-0", "HTTP 503");
        }
        _time.Advance(TimeSpan.FromSeconds(40));
        _detector.RecordAnswer("p", "p-0", served: true);
        _detector.RecordFailure("p", "p-0", "HTTP 503");

        Assert.That(_detector.TryGetEjection("p", "p-0", out _), Is.False);
    }

    [Test]
    public void Comes_back_when_the_ejection_time_has_passed_and_stays_out_longer_when_ejected_again()
    {
        Eject();
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(_detector.TryGetEjection("p", "p-0", out _), Is.True);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_detector.TryGetEjection("p", "p-0", out _), Is.False, "back after 30 s");

        Eject();
        Assert.That(_detector.TryGetEjection("p", "p-0", out var second), Is.True);
        Assert.That(second.Until - _time.GetUtcNow(), Is.EqualTo(TimeSpan.FromSeconds(60)), "ejected again without a success in between: twice as long");
        _time.Advance(TimeSpan.FromSeconds(60));

        Eject();
        Assert.That(_detector.TryGetEjection("p", "p-0", out var third), Is.True);
        Assert.That(third.Until - _time.GetUtcNow(), Is.EqualTo(TimeSpan.FromSeconds(75)), "capped by MaxEjectionSeconds");
        _time.Advance(TimeSpan.FromSeconds(75));

        _detector.RecordAnswer("p", "p-0", served: true);
        Eject();
        Assert.That(_detector.TryGetEjection("p", "p-0", out var afresh), Is.True);
        Assert.That(afresh.Until - _time.GetUtcNow(), Is.EqualTo(TimeSpan.FromSeconds(30)), "a success starts the count again");
    }

    [Test]
    public void A_success_while_out_brings_the_destination_back_at_once()
    {
        Eject();

        _detector.RecordAnswer("p", "p-0", served: true);

        Assert.That(_detector.TryGetEjection("p", "p-0", out _), Is.False);
    }

    [Test]
    public void Never_ejects_when_the_ejection_time_is_zero()
    {
        _options.CurrentValue.EjectionSeconds = 0;

        Eject();

        Assert.That(_detector.TryGetEjection("p", "p-0", out _), Is.False);
    }

    [Test]
    public void Narrows_the_available_destinations_to_those_in_service()
    {
        var first = new DestinationState("p-0");
        var second = new DestinationState("p-1");
        IReadOnlyList<DestinationState> available = [first, second];

        Assert.That(_detector.InService("p", available), Is.SameAs(available), "nothing ejected: the list as it is");
        Eject();
        Assert.That(_detector.InService("p", available), Is.EqualTo(new[] { second }));
        Assert.That(_detector.SoonestBack("p", available), Is.EqualTo(_time.GetUtcNow().AddSeconds(30)));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(_detector.InService("p", available), Is.SameAs(available));
    }

    private void Eject()
    {
        for (var i = 0; i < 3; i++)
        {
            _detector.RecordFailure("p", "p-0", "HTTP 500");
        }
    }
}
