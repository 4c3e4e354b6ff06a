using Gateway.Policies.Routing;
using Gateway.Policies.Strategies;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Strategies;

[TestFixture]
public sealed class LatencyStrategyTests
{
    private MeasuredTargets _measured = null!;

    [SetUp]
    public void SetUp() => _measured = new MeasuredTargets();

    [Test]
    public void Prefers_the_target_with_the_lowest_recent_latency()
    {
        _measured.Succeeded("slow", 900);
        _measured.Succeeded("fast", 120);
        _measured.Succeeded("medium", 400);
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 },
            Target("slow", "m"), Target("medium", "m"), Target("fast", "m"));
        Assert.That(Names(_measured.Order(route)), Is.EqualTo(new[] { "fast/m", "medium/m", "slow/m" }));
    }

    [Test]
    public void Explores_another_target_first_in_about_epsilon_of_requests()
    {
        _measured.Succeeded("slow", 900);
        _measured.Succeeded("fast", 100);
        var catalog = Catalog(Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0.1 }, Target("slow", "m"), Target("fast", "m")));
        var engine = Engine(seed: 5, statistics: _measured.Statistics);
        var fastFirst = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (Succeed(engine.Route(catalog, new RoutingRequest { Model = "chat" })).Candidates[0].Provider.Id == "fast")
            {
                fastFirst++;
            }
        }
        Assert.That(fastFirst / 10_000.0, Is.EqualTo(0.9).Within(0.02));
    }

    [Test]
    public void A_stale_target_is_the_one_promoted_when_exploring()
    {
        _measured.Succeeded("stale", 2000);
        _measured.Time.Advance(TimeSpan.FromMinutes(5));
        _measured.Succeeded("fast", 100);
        _measured.Succeeded("medium", 300);
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 1, StaleAfter = TimeSpan.FromMinutes(1) },
            Target("fast", "m"), Target("medium", "m"), Target("stale", "m"));
        var orderer = new CandidateOrderer(new Random(2), _measured.Statistics);
        for (var i = 0; i < 50; i++)
        {
            Assert.That(orderer.Order(route)[0].Provider.Id, Is.EqualTo("stale"));
        }
    }

    [Test]
    public void A_recovered_target_wins_again_once_exploration_measures_it()
    {
        for (var i = 0; i < 10; i++)
        {
            _measured.Succeeded("primary", 3000);
        }
        _measured.Succeeded("backup", 500);
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 }, Target("primary", "m"), Target("backup", "m"));
        var orderer = new CandidateOrderer(new Random(2), _measured.Statistics);
        Assert.That(orderer.Order(route)[0].Provider.Id, Is.EqualTo("backup"));

        for (var i = 0; i < 20; i++)
        {
            _measured.Succeeded("primary", 100);
        }
        Assert.That(orderer.Order(route)[0].Provider.Id, Is.EqualTo("primary"));
    }

    [Test]
    public void A_never_tried_target_goes_first_and_one_that_only_failed_goes_last()
    {
        _measured.Succeeded("known", 200);
        _measured.Failed("failing");
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 },
            Target("failing", "m"), Target("known", "m"), Target("new", "m"));
        Assert.That(Names(_measured.Order(route)), Is.EqualTo(new[] { "new/m", "known/m", "failing/m" }));
    }

    [Test]
    public void A_fast_target_that_often_fails_ranks_behind_a_slightly_slower_reliable_one()
    {
        _measured.Succeeded("flaky", 100);
        _measured.Failed("flaky", times: 10);
        _measured.Succeeded("steady", 150);
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 }, Target("flaky", "m"), Target("steady", "m"));
        Assert.That(_measured.Order(route)[0].Provider.Id, Is.EqualTo("steady"));
    }

    [Test]
    public void Streamed_requests_rank_by_time_to_first_token_and_others_by_total_latency()
    {
        // "early" answers its first token sooner but finishes later.
        _measured.Statistics.RecordSuccess("early", "m", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(3000), 100);
        _measured.Statistics.RecordSuccess("late", "m", TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1000), 100);
        var catalog = Catalog(Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 }, Target("late", "m"), Target("early", "m")));
        var engine = Engine(statistics: _measured.Statistics);
        var streamed = Succeed(engine.Route(catalog, new RoutingRequest { Model = "chat", Stream = true }));
        var whole = Succeed(engine.Route(catalog, new RoutingRequest { Model = "chat", Stream = false }));
        Assert.That(streamed.Candidates[0].Provider.Id, Is.EqualTo("early"));
        Assert.That(whole.Candidates[0].Provider.Id, Is.EqualTo("late"));
    }
}
