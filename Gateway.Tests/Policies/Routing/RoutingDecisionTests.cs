using Gateway.Policies.Routing;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Routing;

[TestFixture]
public sealed class RoutingDecisionTests
{
    private static readonly GatewayCatalog Catalog = RoutingFixtures.Catalog(
        Alias("primary", RoutingStrategy.Failover, Target("a", "m1"), Target("b", "m1")),
        Alias("secondary", RoutingStrategy.Failover, Target("b", "m1"), Target("c", "m2")),
        Alias("vision", RoutingStrategy.Failover, Target("v", "m", capabilities: ModelCapabilities.Vision)));

    [Test]
    public void Fallback_models_follow_the_requested_ones_in_order_without_duplicates()
    {
        var decision = Succeed(Engine().Route(Catalog,
            new RoutingRequest { Model = "primary", FallbackModels = ["secondary", "primary", "c/m3"] }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "a/m1", "b/m1", "c/m2", "c/m3" }));
        Assert.That(decision.Dropped, Is.Empty);
    }

    [Test]
    public void A_provider_model_name_routes_to_that_provider_directly()
    {
        var decision = Succeed(Engine().Route(Catalog, new RoutingRequest { Model = "b/some-model" }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "b/some-model" }));
        Assert.That(decision.Policy, Is.EqualTo(new AppliedPolicy(PolicySource.Alias, RoutingStrategy.Failover)));
    }

    [Test]
    public void An_unknown_model_or_fallback_is_a_not_found_error_naming_it()
    {
        var unknown = Engine().Route(Catalog, new RoutingRequest { Model = "nope" });
        var unknownFallback = Engine().Route(Catalog, new RoutingRequest { Model = "primary", FallbackModels = ["gone"] });
        Assert.That((unknown.Error!.Kind, unknown.Error.Param, unknown.Decision), Is.EqualTo((RoutingErrorKind.UnknownModel, "model", (RoutingDecision?)null)));
        Assert.That(unknown.Error.Message, Does.Contain("'nope'"));
        Assert.That(unknownFallback.Error!.Message, Does.Contain("'gone'"));
    }

    [Test]
    public void The_decision_records_requested_and_routed_model_policy_candidates_drops_and_prompt_tokens()
    {
        var decision = Succeed(Engine().Route(Catalog, new RoutingRequest
        {
            Model = "vision:floor",
            FallbackModels = ["primary"],
            Features = RequestFeatures.Tools,
            EstimatedPromptTokens = 1234,
        }));
        Assert.That(decision.RequestedModel, Is.EqualTo("vision:floor"));
        Assert.That(decision.Model, Is.EqualTo("vision"));
        Assert.That(decision.Policy.Describe(), Is.EqualTo("request/cost"));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "a/m1", "b/m1" }));
        Assert.That(decision.Dropped.Single(), Is.EqualTo(new DroppedCandidate(decision.Dropped[0].Target, DropReason.MissingCapability, RequestFeatures.Tools, "does not support tools")));
        Assert.That(decision.EstimatedPromptTokens, Is.EqualTo(1234));
    }

    [Test]
    public void A_successful_route_has_no_error()
    {
        var result = Engine().Route(Catalog, new RoutingRequest { Model = "primary" });
        Assert.That(result.Succeeded, Is.True);
    }
}
