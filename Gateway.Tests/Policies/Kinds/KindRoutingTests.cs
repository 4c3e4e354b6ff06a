using Gateway.Policies.Capabilities;
using Gateway.Policies.Configuration;
using Gateway.Policies.Pricing;
using Gateway.Policies.Routing;

namespace Gateway.Tests.Policies.Kinds;

/// <summary>Request kinds in the catalog and in routing: declarations, the provider-kind table, one embedding space per request, unit prices.</summary>
[TestFixture]
public sealed class KindRoutingTests
{
    private static readonly ProviderDefinition OpenAi = new() { Id = "openai", Kind = "openai", BaseUrls = ["https://api.openai.com/v1"], Settings = new Dictionary<string, string>() };
    private static readonly ProviderDefinition Groq = new() { Id = "groq", Kind = "groq", BaseUrls = ["https://api.groq.com/openai/v1"], Settings = new Dictionary<string, string>() };

    [Test]
    public void An_undeclared_model_serves_chat_and_legacy_completions_through_chat_only()
    {
        var target = new RouteTarget { Provider = OpenAi, Model = "gpt-4o" };

        Assert.That(target.ServedKinds, Is.EqualTo(RequestKinds.Chat | RequestKinds.Completions));
        Assert.That(KindMatcher.ModelsOnly.Check(target, Embeddings())!.Value.Reason, Is.EqualTo(DropReason.KindNotServed));
        Assert.That(KindMatcher.ModelsOnly.Check(target, new RoutingRequest { Model = "x" }), Is.Null);
    }

    [Test]
    public void A_provider_kind_that_does_not_serve_the_kind_drops_the_target_whatever_the_model_declares()
    {
        var matcher = new KindMatcher(new Dictionary<string, RequestKinds> { ["groq"] = RequestKinds.Chat, ["openai"] = RequestKinds.Chat | RequestKinds.Embeddings });
        var onGroq = new RouteTarget { Provider = Groq, Model = "e", Kinds = RequestKinds.Embeddings };
        var onOpenAi = new RouteTarget { Provider = OpenAi, Model = "e", Kinds = RequestKinds.Embeddings };

        Assert.That(matcher.Check(onGroq, Embeddings())!.Value.Detail, Does.Contain("'groq' does not serve embeddings"));
        Assert.That(matcher.Check(onOpenAi, Embeddings()), Is.Null);
    }

    [Test]
    public void An_input_over_the_models_limit_drops_it()
    {
        var target = new RouteTarget { Provider = OpenAi, Model = "e", Kinds = RequestKinds.Embeddings, MaxInputTokens = 10 };

        Assert.That(KindMatcher.ModelsOnly.Check(target, Embeddings(largestInput: 11))!.Value.Reason, Is.EqualTo(DropReason.InputTooLong));
        Assert.That(KindMatcher.ModelsOnly.Check(target, Embeddings(largestInput: 10)), Is.Null);
    }

    [Test]
    public void Routing_keeps_one_embedding_space_and_names_model_when_no_target_serves_the_kind()
    {
        var big = new RouteTarget { Provider = OpenAi, Model = "big", Kinds = RequestKinds.Embeddings, Dimensions = 1536 };
        var twin = new RouteTarget { Provider = Groq, Model = "twin", Kinds = RequestKinds.Embeddings, Dimensions = 1536 };
        var small = new RouteTarget { Provider = OpenAi, Model = "small", Kinds = RequestKinds.Embeddings, Dimensions = 768 };
        var chat = new RouteTarget { Provider = OpenAi, Model = "chat" };
        var catalog = RoutingFixtures.Catalog(
            RoutingFixtures.Alias("emb", RoutingStrategy.Failover, big, small, twin), RoutingFixtures.Alias("chat", RoutingStrategy.Failover, chat));
        var engine = RoutingFixtures.Engine();

        var routed = engine.Route(catalog, Embeddings("emb"));
        Assert.That(routed.Decision!.Candidates.Select(t => t.Model), Is.EqualTo(new[] { "big", "twin" }));
        Assert.That(routed.Decision.Dropped.Single().Reason, Is.EqualTo(DropReason.DimensionsDiffer));

        var refused = engine.Route(catalog, Embeddings("chat"));
        Assert.That((refused.Error!.Kind, refused.Error.Param), Is.EqualTo((RoutingErrorKind.KindNotServed, "model")));
    }

    [Test]
    public void The_catalog_reads_kinds_dimensions_and_limits_and_names_bad_ones()
    {
        var errors = new List<string>();
        Assert.That(ModelKindFields.ParseKinds(["embeddings", "chat"], "p", errors), Is.EqualTo(RequestKinds.Embeddings | RequestKinds.Chat));
        Assert.That(ModelKindFields.ParseKinds(["poetry"], "Gateway:Models:x:Targets:0:Kinds", errors), Is.Null);
        Assert.That(Gateway.Policies.Configuration.Sections.ConfigFields.PositiveOrNull(0, "Gateway:Models:x:Targets:0:Dimensions", errors), Is.Null);
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Does.StartWith("Gateway:Models:x:Targets:0:Kinds: 'poetry' is not one of chat, embeddings"));
    }

    [Test]
    public void Unit_prices_are_validated_and_priced()
    {
        var errors = new List<string>();
        var units = UnitPriceParser.Parse(new Dictionary<string, decimal> { ["1024x1024/hd"] = 0.08m, ["1024x1024"] = 0.04m, ["default"] = 0.02m }, 0.0001m, 15m, "p", errors);
        Assert.That(errors, Is.Empty);
        var price = new ModelPrice(0.02m, 0, 0.02m, 0.02m) { Units = units };

        Assert.Multiple(() =>
        {
            Assert.That(UnitCostCalculator.Compute(price, UsageUnit.InputTokens, 1_000_000), Is.EqualTo(0.02m));
            Assert.That(UnitCostCalculator.Compute(price, UsageUnit.Images, 2, "1024x1024", "hd"), Is.EqualTo(0.16m));
            Assert.That(UnitCostCalculator.Compute(price, UsageUnit.Images, 1, "1024x1024", "standard"), Is.EqualTo(0.04m));
            Assert.That(UnitCostCalculator.Compute(price, UsageUnit.Images, 1, "512x512", null), Is.EqualTo(0.02m));
            Assert.That(UnitCostCalculator.Compute(price, UsageUnit.AudioSeconds, 60), Is.EqualTo(0.006m));
            Assert.That(UnitCostCalculator.Compute(price, UsageUnit.Characters, 1000), Is.EqualTo(0.015m));
        });

        Assert.That(UnitPriceParser.Parse(new Dictionary<string, decimal> { ["huge"] = 1m }, null, null, "Catalog:Models:x:Price", errors), Is.Null);
        Assert.That(UnitPriceParser.Parse(null, -1m, null, "Catalog:Models:y:Price", errors), Is.Null);
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Does.StartWith("Catalog:Models:x:Price:PerImage: 'huge'"));
    }

    private static RoutingRequest Embeddings(string model = "x", int? largestInput = null) =>
        new() { Model = model, Kind = RequestKinds.Embeddings, LargestInputTokens = largestInput };
}
