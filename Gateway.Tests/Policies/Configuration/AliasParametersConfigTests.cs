using Gateway.Policies.Configuration;
using Gateway.Policies.Strategies;

namespace Gateway.Tests.Policies.Configuration;

[TestFixture]
public sealed class AliasParametersConfigTests
{
    [Test]
    public void An_alias_carries_its_strategy_parameters_from_config()
    {
        var result = Build(new ModelDocument
        {
            Strategy = "hybrid",
            Parameters = new StrategyParametersDocument
            {
                Epsilon = 0.1, StaleAfterSeconds = 20, LatencyMetric = "ttft", CostWeight = 2, LatencyWeight = 1, ErrorWeight = 3, DefaultOutputTokens = 256,
            },
            Targets = [new TargetDocument { Provider = "openai", Model = "gpt-4o" }],
        });
        Assert.That(result.Errors, Is.Empty);
        var route = result.Catalog!.Routes["chat"];
        Assert.That(route.Strategy, Is.EqualTo(RoutingStrategy.Hybrid));
        Assert.That(route.Parameters, Is.EqualTo(new StrategyParameters
        {
            Epsilon = 0.1,
            StaleAfter = TimeSpan.FromSeconds(20),
            LatencyMetric = LatencyMetric.TimeToFirstToken,
            CostWeight = 2,
            LatencyWeight = 1,
            ErrorWeight = 3,
            DefaultOutputTokens = 256,
        }));
    }

    [Test]
    public void Throughput_is_a_strategy_config_accepts()
    {
        var result = Build(new ModelDocument { Strategy = "Throughput", Targets = [new TargetDocument { Provider = "openai", Model = "gpt-4o" }] });
        Assert.That(result.Catalog!.Routes["chat"].Strategy, Is.EqualTo(RoutingStrategy.Throughput));
    }

    [TestCase(2.0, null, null, "Gateway:Models:chat:Parameters:Epsilon")]
    [TestCase(null, "p99", null, "Gateway:Models:chat:Parameters:LatencyMetric")]
    [TestCase(null, null, -1.0, "Gateway:Models:chat:Parameters:CostWeight")]
    public void A_bad_parameter_is_refused_naming_the_field(double? epsilon, string? metric, double? costWeight, string field)
    {
        var result = Build(new ModelDocument
        {
            Strategy = "latency",
            Parameters = new StrategyParametersDocument { Epsilon = epsilon, LatencyMetric = metric, CostWeight = costWeight },
            Targets = [new TargetDocument { Provider = "openai", Model = "gpt-4o" }],
        });
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Errors, Has.Some.StartsWith(field));
    }

    private static CatalogBuildResult Build(ModelDocument model)
    {
        var document = new GatewayConfigDocument();
        document.Providers["openai"] = new ProviderDocument { Kind = "openai", BaseUrl = "https://api.openai.com/v1" };
        document.Models["chat"] = model;
        var builder = new CatalogBuilder(new Dictionary<string, ProviderKindInfo> { ["openai"] = new("openai", null) }, _ => null);
        return builder.Build(document, null);
    }
}
