using Gateway.Policies.Strategies;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Strategies;

[TestFixture]
public sealed class HybridStrategyTests
{
    private MeasuredTargets _measured = null!;

    [SetUp]
    public void SetUp()
    {
        _measured = new MeasuredTargets();
        // cheap-slow: $0.5/$1, 2 s; dear-fast: $5/$10, 200 ms; mid-flaky: $1/$2, 300 ms, often failing.
        _measured.Succeeded("cheap-slow", 2000);
        _measured.Succeeded("dear-fast", 200);
        _measured.Succeeded("mid-flaky", 300);
        _measured.Failed("mid-flaky", times: 6);
    }

    [Test]
    public void Cost_weight_alone_orders_like_the_cost_strategy()
    {
        Assert.That(Order(new StrategyParameters { CostWeight = 1, LatencyWeight = 0, ErrorWeight = 0 }),
            Is.EqualTo(new[] { "cheap-slow/m", "mid-flaky/m", "dear-fast/m" }));
    }

    [Test]
    public void Latency_weight_alone_orders_like_the_latency_strategy_without_exploration()
    {
        Assert.That(Order(new StrategyParameters { CostWeight = 0, LatencyWeight = 1, ErrorWeight = 0 }),
            Is.EqualTo(new[] { "dear-fast/m", "mid-flaky/m", "cheap-slow/m" }));
    }

    [Test]
    public void Error_weight_pushes_a_failing_target_down()
    {
        var withoutErrors = Order(new StrategyParameters { CostWeight = 1, LatencyWeight = 1, ErrorWeight = 0 });
        var withErrors = Order(new StrategyParameters { CostWeight = 1, LatencyWeight = 1, ErrorWeight = 5 });
        Assert.That(withoutErrors[0], Is.EqualTo("mid-flaky/m"), "cheapish and fast: best on cost and latency together");
        Assert.That(withErrors[^1], Is.EqualTo("mid-flaky/m"));
    }

    [Test]
    public void Balanced_weights_trade_cost_against_latency()
    {
        // Normalised: cheap-slow cost 0.1 latency 1.0; dear-fast cost 1.0 latency 0.1. Tilting the weights tips the choice.
        Assert.That(Order(new StrategyParameters { CostWeight = 3, LatencyWeight = 1, ErrorWeight = 10 })[0], Is.EqualTo("cheap-slow/m"));
        Assert.That(Order(new StrategyParameters { CostWeight = 1, LatencyWeight = 3, ErrorWeight = 10 })[0], Is.EqualTo("dear-fast/m"));
    }

    [Test]
    public void An_unmeasured_target_is_scored_with_the_average_latency()
    {
        var route = Alias("chat", RoutingStrategy.Hybrid, new StrategyParameters { CostWeight = 0, LatencyWeight = 1, ErrorWeight = 0 },
            Target("cheap-slow", "m", price: Price(0.5m, 1)), Target("unknown", "m", price: Price(1, 1)), Target("dear-fast", "m", price: Price(5, 10)));
        Assert.That(Names(_measured.Order(route)),
            Is.EqualTo(new[] { "dear-fast/m", "unknown/m", "cheap-slow/m" }));
    }

    private string[] Order(StrategyParameters parameters)
    {
        var route = Alias("chat", RoutingStrategy.Hybrid, parameters,
            Target("dear-fast", "m", price: Price(5, 10)), Target("cheap-slow", "m", price: Price(0.5m, 1)), Target("mid-flaky", "m", price: Price(1, 2)));
        return Names(_measured.Order(route));
    }
}
