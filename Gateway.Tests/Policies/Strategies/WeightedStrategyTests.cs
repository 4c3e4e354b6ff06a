using Gateway.Policies.Routing;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Strategies;

[TestFixture]
public sealed class WeightedStrategyTests
{
    [Test]
    public void A_70_30_alias_puts_the_heavier_target_first_in_70_percent_of_10000_requests_within_2_points()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Weighted, Target("a", "m1", weight: 70), Target("b", "m2", weight: 30)));
        var engine = Engine(seed: 42);
        var firstIsA = 0;
        const int Draws = 10_000;
        for (var i = 0; i < Draws; i++)
        {
            var decision = Succeed(engine.Route(catalog, new RoutingRequest { Model = "chat" }));
            if (decision.Candidates[0].Provider.Id == "a")
            {
                firstIsA++;
            }
        }
        Assert.That(firstIsA / (double)Draws, Is.EqualTo(0.70).Within(0.02));
    }

    [Test]
    public void Every_target_stays_in_the_list_as_a_fallback()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Weighted, Target("a", "m", weight: 5), Target("b", "m", weight: 3), Target("c", "m", weight: 2)));
        var engine = Engine();
        for (var i = 0; i < 200; i++)
        {
            var decision = Succeed(engine.Route(catalog, new RoutingRequest { Model = "chat" }));
            Assert.That(Names(decision.Candidates), Is.EquivalentTo(new[] { "a/m", "b/m", "c/m" }));
        }
    }

    [Test]
    public void The_fallback_slots_are_drawn_by_weight_from_the_rest()
    {
        var route = Alias("chat", RoutingStrategy.Weighted, Target("a", "m", weight: 50), Target("b", "m", weight: 30), Target("c", "m", weight: 20));
        var orderer = new CandidateOrderer(new Random(7));
        int aFirst = 0, bSecondAfterA = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var order = orderer.Order(route);
            if (order[0].Provider.Id == "a")
            {
                aFirst++;
                if (order[1].Provider.Id == "b")
                {
                    bSecondAfterA++;
                }
            }
        }
        Assert.That(aFirst / 20_000.0, Is.EqualTo(0.5).Within(0.02));
        Assert.That(bSecondAfterA / (double)aFirst, Is.EqualTo(0.6).Within(0.03), "after a, b (30) and c (20) are drawn 60/40");
    }

    [Test]
    public void Zero_weight_targets_are_never_first_and_follow_in_configured_order()
    {
        var route = Alias("chat", RoutingStrategy.Weighted,
            Target("standby1", "m", weight: 0), Target("live", "m", weight: 1), Target("standby2", "m", weight: 0));
        var orderer = new CandidateOrderer(new Random(3));
        for (var i = 0; i < 500; i++)
        {
            Assert.That(Names(orderer.Order(route)), Is.EqualTo(new[] { "live/m", "standby1/m", "standby2/m" }));
        }
    }

    [Test]
    public void The_same_seed_draws_the_same_orders()
    {
        var route = Alias("chat", RoutingStrategy.Weighted, Target("a", "m", weight: 1), Target("b", "m", weight: 1), Target("c", "m", weight: 1));
        var first = new CandidateOrderer(new Random(99));
        var second = new CandidateOrderer(new Random(99));
        for (var i = 0; i < 100; i++)
        {
            Assert.That(Names(first.Order(route)), Is.EqualTo(Names(second.Order(route))));
        }
    }

    [Test]
    public void Failover_keeps_the_configured_order()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover, Target("a", "m"), Target("b", "m"), Target("c", "m")));
        var decision = Succeed(Engine().Route(catalog, new RoutingRequest { Model = "chat" }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "a/m", "b/m", "c/m" }));
        Assert.That(decision.Policy.Source, Is.EqualTo(PolicySource.Alias));
        Assert.That(decision.Policy.Describe(), Is.EqualTo("failover"));
    }
}
