using Gateway.Policies.Resilience;
using Gateway.Policies.Routing;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Strategies;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Strategies;

[TestFixture]
public sealed class LatencyStrategyTests
{
    private ManualTimeProvider _time = null!;
    private TargetStatistics _statistics = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider();
        _statistics = new TargetStatistics(_time);
    }

    [Test]
    public void Prefers_the_target_with_the_lowest_recent_latency()
    {
        Record("slow", 900);
        Record("fast", 120);
        Record("medium", 400);
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 },
            Target("slow", "m"), Target("medium", "m"), Target("fast", "m"));
        var order = new CandidateOrderer(new Random(1), _statistics).Order(route);
        Assert.That(Names(order), Is.EqualTo(new[] { "fast/m", "medium/m", "slow/m" }));
    }

    [Test]
    public void Explores_another_target_first_in_about_epsilon_of_requests()
    {
        Record("slow", 900);
        Record("fast", 100);
        var catalog = Catalog(Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0.1 }, Target("slow", "m"), Target("fast", "m")));
        var engine = Engine(seed: 5, statistics: _statistics);
        var fastFirst = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (Succeed(engine.Route(catalog, RoutingPolicySet.Empty, new RoutingRequest { Model = "chat" })).Candidates[0].Provider.Id == "fast")
            {
                fastFirst++;
            }
        }
        Assert.That(fastFirst / 10_000.0, Is.EqualTo(0.9).Within(0.02));
    }

    [Test]
    public void A_stale_target_is_the_one_promoted_when_exploring()
    {
        Record("stale", 2000);
        _time.Advance(TimeSpan.FromMinutes(5));
        Record("fast", 100);
        Record("medium", 300);
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 1, StaleAfter = TimeSpan.FromMinutes(1) },
            Target("fast", "m"), Target("medium", "m"), Target("stale", "m"));
        var orderer = new CandidateOrderer(new Random(2), _statistics);
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
            Record("primary", 3000);
        }
        Record("backup", 500);
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 }, Target("primary", "m"), Target("backup", "m"));
        var orderer = new CandidateOrderer(new Random(2), _statistics);
        Assert.That(orderer.Order(route)[0].Provider.Id, Is.EqualTo("backup"));

        for (var i = 0; i < 20; i++)
        {
            Record("primary", 100);
        }
        Assert.That(orderer.Order(route)[0].Provider.Id, Is.EqualTo("primary"));
    }

    [Test]
    public void A_never_tried_target_goes_first_and_one_that_only_failed_goes_last()
    {
        Record("known", 200);
        _statistics.RecordFailure("failing", "m");
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 },
            Target("failing", "m"), Target("known", "m"), Target("new", "m"));
        Assert.That(Names(new CandidateOrderer(new Random(1), _statistics).Order(route)), Is.EqualTo(new[] { "new/m", "known/m", "failing/m" }));
    }

    [Test]
    public void A_fast_target_that_often_fails_ranks_behind_a_slightly_slower_reliable_one()
    {
        Record("flaky", 100);
        for (var i = 0; i < 10; i++)
        {
            _statistics.RecordFailure("flaky", "m");
        }
        Record("steady", 150);
        var route = Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 }, Target("flaky", "m"), Target("steady", "m"));
        Assert.That(new CandidateOrderer(new Random(1), _statistics).Order(route)[0].Provider.Id, Is.EqualTo("steady"));
    }

    [Test]
    public void Streamed_requests_rank_by_time_to_first_token_and_others_by_total_latency()
    {
        // "early" answers its first token sooner but finishes later.
        _statistics.RecordSuccess("early", "m", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(3000), 100);
        _statistics.RecordSuccess("late", "m", TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1000), 100);
        var catalog = Catalog(Alias("chat", RoutingStrategy.Latency, new StrategyParameters { Epsilon = 0 }, Target("late", "m"), Target("early", "m")));
        var engine = Engine(statistics: _statistics);
        var streamed = Succeed(engine.Route(catalog, RoutingPolicySet.Empty, new RoutingRequest { Model = "chat", Stream = true }));
        var whole = Succeed(engine.Route(catalog, RoutingPolicySet.Empty, new RoutingRequest { Model = "chat", Stream = false }));
        Assert.That(streamed.Candidates[0].Provider.Id, Is.EqualTo("early"));
        Assert.That(whole.Candidates[0].Provider.Id, Is.EqualTo("late"));
    }

    private void Record(string provider, double milliseconds) =>
        _statistics.RecordSuccess(provider, "m", TimeSpan.FromMilliseconds(milliseconds / 2), TimeSpan.FromMilliseconds(milliseconds), 50);
}
