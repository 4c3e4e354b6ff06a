using Gateway.Policies.Capabilities;
using Gateway.Policies.Routing;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Capabilities;

[TestFixture]
public sealed class CapabilityFilterTests
{
    private const ModelCapabilities All = ModelCapabilities.Tools | ModelCapabilities.Vision | ModelCapabilities.JsonSchema | ModelCapabilities.Audio;

    // What each adapter can express, as the proxy will pass it (Anthropic has no n > 1 and no audio).
    private static readonly CapabilityMatcher Matcher = new(new Dictionary<string, RequestFeatures>
    {
        ["openai"] = RequestFeatures.Tools | RequestFeatures.Vision | RequestFeatures.JsonSchema | RequestFeatures.MultipleChoices | RequestFeatures.Audio,
        ["anthropic"] = RequestFeatures.Tools | RequestFeatures.Vision | RequestFeatures.JsonSchema,
    });

    [TestCase(RequestFeatures.Tools, ModelCapabilities.Vision | ModelCapabilities.JsonSchema, "tools")]
    [TestCase(RequestFeatures.Vision, ModelCapabilities.Tools, "messages")]
    [TestCase(RequestFeatures.JsonSchema, ModelCapabilities.Tools | ModelCapabilities.Vision, "response_format")]
    [TestCase(RequestFeatures.Audio, ModelCapabilities.Tools, "modalities")]
    public void A_candidate_declared_without_a_needed_capability_is_dropped_with_the_reason(RequestFeatures needed, ModelCapabilities declared, string param)
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover, Target("lacking", "m", capabilities: declared), Target("able", "m", capabilities: All)));
        var decision = Succeed(Route(catalog, new RoutingRequest { Model = "chat", Features = needed }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "able/m" }));
        var dropped = decision.Dropped.Single();
        Assert.That((dropped.Target.Provider.Id, dropped.Reason, dropped.Missing), Is.EqualTo(("lacking", DropReason.MissingCapability, needed)));
        Assert.That(dropped.Detail, Does.Contain(CapabilityMatcher.Describe(needed)));
        Assert.That(CapabilityMatcher.ParamOf(needed), Is.EqualTo(param));
    }

    [Test]
    public void A_candidate_with_unknown_capabilities_is_kept()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover, Target("unknown", "m", kind: "custom")));
        var decision = Succeed(Route(catalog, new RoutingRequest { Model = "chat", Features = RequestFeatures.Tools | RequestFeatures.Vision | RequestFeatures.Audio }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "unknown/m" }));
        Assert.That(decision.Dropped, Is.Empty);
    }

    [Test]
    public void Several_choices_need_a_provider_kind_that_can_return_them()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover,
            Target("claude", "m", capabilities: All, kind: "anthropic"), Target("gpt", "m", capabilities: All, kind: "openai")));
        var decision = Succeed(Route(catalog, new RoutingRequest { Model = "chat", Features = RequestFeatures.MultipleChoices }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "gpt/m" }));
        Assert.That(decision.Dropped.Single().Missing, Is.EqualTo(RequestFeatures.MultipleChoices));
    }

    [Test]
    public void A_prompt_and_max_output_that_overflow_the_context_window_drop_the_candidate()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover,
            Target("small", "m", contextWindow: 8_192), Target("large", "m", contextWindow: 128_000), Target("unknown", "m")));
        var fits = Succeed(Route(catalog, new RoutingRequest { Model = "chat", EstimatedPromptTokens = 7_000, MaxOutputTokens = 1_192 }));
        var overflows = Succeed(Route(catalog, new RoutingRequest { Model = "chat", EstimatedPromptTokens = 7_000, MaxOutputTokens = 1_193 }));
        var noMax = Succeed(Route(catalog, new RoutingRequest { Model = "chat", EstimatedPromptTokens = 8_000 }));

        Assert.That(Names(fits.Candidates), Is.EqualTo(new[] { "small/m", "large/m", "unknown/m" }));
        Assert.That(Names(overflows.Candidates), Is.EqualTo(new[] { "large/m", "unknown/m" }));
        Assert.That(overflows.Dropped.Single().Reason, Is.EqualTo(DropReason.ContextWindowExceeded));
        Assert.That(overflows.Dropped.Single().Detail, Does.Contain("8192").And.Contain("7000"));
        Assert.That(noMax.Candidates, Has.Count.EqualTo(3), "without a requested max only the prompt must fit");
    }

    [Test]
    public void When_nothing_can_serve_the_error_names_the_missing_capability()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover,
            Target("a", "m", capabilities: ModelCapabilities.Vision), Target("b", "m", capabilities: ModelCapabilities.None)));
        var result = Route(catalog, new RoutingRequest { Model = "chat", Features = RequestFeatures.Tools });
        Assert.That(result.Error!.Kind, Is.EqualTo(RoutingErrorKind.MissingCapability));
        Assert.That(result.Error.Param, Is.EqualTo("tools"));
        Assert.That(result.Error.Message, Does.Contain("supports tools"));
        Assert.That(result.Decision!.Dropped.Select(d => d.Reason), Is.All.EqualTo(DropReason.MissingCapability));
    }

    [Test]
    public void When_no_context_window_is_large_enough_the_error_is_context_length_exceeded()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover, Target("a", "m", contextWindow: 4_096), Target("b", "m", contextWindow: 16_384)));
        var result = Route(catalog, new RoutingRequest { Model = "chat", EstimatedPromptTokens = 20_000, MaxOutputTokens = 500 });
        Assert.That(result.Error!.Kind, Is.EqualTo(RoutingErrorKind.ContextLengthExceeded));
        Assert.That(result.Error.Code, Is.EqualTo("context_length_exceeded"));
        Assert.That(result.Error.Message, Does.Contain("16384").And.Contain("20500"));
    }

    [Test]
    public void Several_missing_capabilities_are_all_named()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover,
            Target("a", "m", capabilities: ModelCapabilities.Tools), Target("b", "m", capabilities: ModelCapabilities.Vision)));
        var result = Route(catalog, new RoutingRequest { Model = "chat", Features = RequestFeatures.Tools | RequestFeatures.Vision });
        Assert.That(result.Error!.Message, Does.Contain("tools, vision"));
    }

    [Test]
    public void The_check_reports_ok_for_a_capable_target()
    {
        var check = Matcher.Check(Target("x", "m", capabilities: All, contextWindow: 1000), RequestFeatures.Tools | RequestFeatures.Audio, 500, 500, requireDeclared: true);
        Assert.That(check, Is.EqualTo(CapabilityCheck.Ok));
    }

    private static RoutingResult Route(GatewayCatalog catalog, RoutingRequest request) =>
        Engine(capabilities: Matcher).Route(catalog, request);
}
