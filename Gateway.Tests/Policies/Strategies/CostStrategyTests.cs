using Gateway.Policies.Routing;
using Gateway.Policies.Strategies;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Strategies;

[TestFixture]
public sealed class CostStrategyTests
{
    // "prompty" is cheap to read and dear to write; "chatty" the other way round.
    private static readonly ModelRoute ReadersAndWriters = Alias("chat", RoutingStrategy.Cost,
        Target("chatty", "m", price: Price(input: 5, output: 1)),
        Target("prompty", "m", price: Price(input: 1, output: 5)));

    [Test]
    public void A_long_prompt_with_a_short_answer_goes_to_the_cheaper_reader_first()
    {
        var decision = Route(new RoutingRequest { Model = "chat", EstimatedPromptTokens = 50_000, MaxOutputTokens = 100 });
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "prompty/m", "chatty/m" }));
    }

    [Test]
    public void A_short_prompt_with_a_long_answer_goes_to_the_cheaper_writer_first()
    {
        var decision = Route(new RoutingRequest { Model = "chat", EstimatedPromptTokens = 100, MaxOutputTokens = 8000 });
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "chatty/m", "prompty/m" }));
    }

    [Test]
    public void Cached_prompt_tokens_are_priced_at_the_cached_rate()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Cost,
            Target("flat", "m", price: Price(input: 1, output: 2, cached: 1)),
            Target("caching", "m", price: Price(input: 3, output: 2, cached: 0.3m))));
        var engine = Engine();

        var cold = Succeed(engine.Route(catalog,
            new RoutingRequest { Model = "chat", EstimatedPromptTokens = 10_000, MaxOutputTokens = 100 }));
        var warm = Succeed(engine.Route(catalog,
            new RoutingRequest { Model = "chat", EstimatedPromptTokens = 10_000, EstimatedCachedPromptTokens = 9_000, MaxOutputTokens = 100 }));

        Assert.That(cold.Candidates[0].Provider.Id, Is.EqualTo("flat"), "10k at $1 beats 10k at $3");
        Assert.That(warm.Candidates[0].Provider.Id, Is.EqualTo("caching"), "1k at $3 + 9k at $0.30 = $5.7/M beats 10k at $1 = $10/M");
    }

    [Test]
    public void Equal_costs_keep_the_configured_order_and_unpriced_targets_come_last_in_configured_order()
    {
        var same = Price(1, 2);
        var route = Alias("chat", RoutingStrategy.Cost,
            Target("u1", "m"), Target("p1", "m", price: same), Target("p2", "m", price: same), Target("u2", "m"),
            Target("p3", "m", price: same), Target("cheap", "m", price: Price(0.5m, 1)), Target("p4", "m", price: same));
        var orderer = new CandidateOrderer(new Random(1));
        for (var i = 0; i < 20; i++)
        {
            Assert.That(Names(orderer.Order(route)), Is.EqualTo(new[] { "cheap/m", "p1/m", "p2/m", "p3/m", "p4/m", "u1/m", "u2/m" }));
        }
    }

    [Test]
    public void Without_a_requested_max_the_alias_default_output_tokens_are_priced()
    {
        // Same prompt; only the assumed output length decides.
        var targets = new[] { Target("chatty", "m", price: Price(input: 5, output: 1)), Target("prompty", "m", price: Price(input: 1, output: 5)) };
        var shortAnswers = Catalog(Alias("chat", RoutingStrategy.Cost, new StrategyParameters { DefaultOutputTokens = 10 }, targets));
        var longAnswers = Catalog(Alias("chat", RoutingStrategy.Cost, new StrategyParameters { DefaultOutputTokens = 100_000 }, targets));
        var request = new RoutingRequest { Model = "chat", EstimatedPromptTokens = 1000 };
        Assert.That(Succeed(Engine().Route(shortAnswers, request)).Candidates[0].Provider.Id, Is.EqualTo("prompty"));
        Assert.That(Succeed(Engine().Route(longAnswers, request)).Candidates[0].Provider.Id, Is.EqualTo("chatty"));
    }

    [Test]
    public void An_alias_ordered_without_a_request_weighs_input_and_output_prices_equally()
    {
        var route = Alias("chat", RoutingStrategy.Cost,
            Target("out-heavy", "m", price: Price(input: 0.1m, output: 10)), Target("balanced", "m", price: Price(input: 3, output: 3)),
            Target("in-heavy", "m", price: Price(input: 5, output: 0.5m)));
        Assert.That(Names(new CandidateOrderer(new Random(1)).Order(route)), Is.EqualTo(new[] { "in-heavy/m", "balanced/m", "out-heavy/m" }));
    }

    [Test]
    public void The_estimate_is_in_dollars_for_the_request()
    {
        var cost = CostEstimator.EstimateUsd(Price(input: 3, output: 15, cached: 0.3m), promptTokens: 2000, cachedPromptTokens: 1000, outputTokens: 500);
        Assert.That(cost, Is.EqualTo(((1000 * 3) + (1000 * 0.3) + (500 * 15)) / 1e6).Within(1e-12));
        Assert.That(CostEstimator.EstimateUsd(null, 1, 0, 1), Is.EqualTo(double.PositiveInfinity));
    }

    private static RoutingDecision Route(RoutingRequest request) => Succeed(Engine().Route(Catalog(ReadersAndWriters), request));
}
