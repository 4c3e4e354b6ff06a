using Gateway.Policies.OpenRouter;
using Gateway.Policies.Resilience;
using Gateway.Policies.Routing;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.OpenRouter;

[TestFixture]
public sealed class ProviderPreferencesRoutingTests
{
    private static readonly GatewayCatalog Catalog = RoutingFixtures.Catalog(
        Alias("llama", RoutingStrategy.Failover,
            Target("together", "llama", price: Price(0.9m, 0.9m), capabilities: ModelCapabilities.Tools),
            Target("groq", "llama", price: Price(0.6m, 0.8m), capabilities: ModelCapabilities.Tools),
            Target("fireworks", "llama", price: Price(0.9m, 0.9m)),
            Target("deepinfra", "llama", price: Price(0.2m, 0.3m), capabilities: ModelCapabilities.None),
            Target("local", "llama")),
        Alias("backup", RoutingStrategy.Failover, Target("openai", "gpt-4o-mini", price: Price(0.15m, 0.6m)), Target("groq", "llama")));

    [Test]
    public void Order_puts_the_named_providers_first_in_that_order_and_keeps_the_rest_after()
    {
        var decision = Route(new ProviderPreferences { Order = ["Fireworks", "groq"] });
        Assert.That(Providers(decision), Is.EqualTo(new[] { "fireworks", "groq", "together", "deepinfra", "local" }));
    }

    [Test]
    public void Without_fallbacks_only_the_ordered_providers_remain()
    {
        var decision = Route(new ProviderPreferences { Order = ["groq", "together"], AllowFallbacks = false });
        Assert.That(Providers(decision), Is.EqualTo(new[] { "groq", "together" }));
        Assert.That(decision.Dropped.Select(d => (d.Target.Provider.Id, d.Reason)), Is.EquivalentTo(new[]
        {
            ("fireworks", DropReason.FallbacksNotAllowed), ("deepinfra", DropReason.FallbacksNotAllowed), ("local", DropReason.FallbacksNotAllowed),
        }));
    }

    [Test]
    public void Without_fallbacks_or_an_order_only_the_first_candidate_remains()
    {
        var decision = Route(new ProviderPreferences { AllowFallbacks = false });
        Assert.That(Providers(decision), Is.EqualTo(new[] { "together" }));
        Assert.That(decision.Dropped, Has.Count.EqualTo(4).And.All.Property(nameof(DroppedCandidate.Reason)).EqualTo(DropReason.FallbacksNotAllowed));
    }

    [Test]
    public void Only_keeps_just_the_listed_providers()
    {
        var decision = Route(new ProviderPreferences { Only = ["local", "GROQ"] });
        Assert.That(Providers(decision), Is.EqualTo(new[] { "groq", "local" }));
        Assert.That(decision.Dropped.Select(d => d.Reason).Distinct(), Is.EqualTo(new[] { DropReason.ProviderNotInOnly }));
    }

    [Test]
    public void Ignore_drops_the_listed_providers()
    {
        var decision = Route(new ProviderPreferences { Ignore = ["together", "local"] });
        Assert.That(Providers(decision), Is.EqualTo(new[] { "groq", "fireworks", "deepinfra" }));
        Assert.That(decision.Dropped.Select(d => (d.Target.Provider.Id, d.Reason)), Is.EqualTo(new[]
        {
            ("together", DropReason.ProviderIgnored), ("local", DropReason.ProviderIgnored),
        }));
    }

    [Test]
    public void Sort_by_price_orders_cheapest_first()
    {
        var decision = Route(new ProviderPreferences { Sort = ProviderSort.Price });
        Assert.That(Providers(decision), Is.EqualTo(new[] { "deepinfra", "groq", "together", "fireworks", "local" }));
        Assert.That(decision.Policy.Strategy, Is.EqualTo(RoutingStrategy.Cost));
    }

    [Test]
    public void Sort_by_latency_orders_fastest_first()
    {
        var statistics = new TargetStatistics(new ManualTimeProvider());
        foreach (var (provider, ms) in new[] { ("together", 500), ("groq", 80), ("fireworks", 200), ("deepinfra", 900), ("local", 50) })
        {
            statistics.RecordSuccess(provider, "llama", TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(ms * 4), 100);
        }
        var decision = Route(new ProviderPreferences { Sort = ProviderSort.Latency }, statistics, seed: 11);
        Assert.That(decision.Policy.Strategy, Is.EqualTo(RoutingStrategy.Latency));
        Assert.That(Providers(decision), Is.EquivalentTo(new[] { "together", "groq", "fireworks", "deepinfra", "local" }));
        // Exploration (5 %) may promote one; without it the order is by latency.
        var unexplored = Enumerable.Range(0, 20).Select(seed => Providers(Route(new ProviderPreferences { Sort = ProviderSort.Latency }, statistics, seed)))
            .Count(order => order.SequenceEqual(new[] { "local", "groq", "fireworks", "together", "deepinfra" }));
        Assert.That(unexplored, Is.GreaterThanOrEqualTo(15));
    }

    [Test]
    public void Sort_by_throughput_and_the_nitro_suffix_order_fastest_generators_first()
    {
        var statistics = new TargetStatistics(new ManualTimeProvider());
        foreach (var (provider, tokensPerSecond) in new[] { ("together", 100), ("groq", 800), ("fireworks", 300), ("deepinfra", 50), ("local", 20) })
        {
            // 1000 tokens generated in 1000/tps seconds after a 100 ms first token.
            var generating = TimeSpan.FromSeconds(1000.0 / tokensPerSecond);
            statistics.RecordSuccess(provider, "llama", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100) + generating, 1000);
        }
        var engine = Engine(statistics: statistics);
        var bySort = Succeed(engine.Route(Catalog,
            new RoutingRequest { Model = "llama", Provider = new ProviderPreferences { Sort = ProviderSort.Throughput } }));
        var bySuffix = Succeed(engine.Route(Catalog, new RoutingRequest { Model = "llama:nitro" }));
        var expected = new[] { "groq", "fireworks", "together", "deepinfra", "local" };
        Assert.That(Providers(bySort), Is.EqualTo(expected));
        Assert.That(Providers(bySuffix), Is.EqualTo(expected));
        Assert.That(bySuffix.Model, Is.EqualTo("llama"));
        Assert.That(bySuffix.RequestedModel, Is.EqualTo("llama:nitro"));
        Assert.That(bySuffix.Policy.Strategy, Is.EqualTo(RoutingStrategy.Throughput));
    }

    [Test]
    public void The_floor_suffix_sorts_by_price()
    {
        var decision = Succeed(Engine().Route(Catalog, new RoutingRequest { Model = "llama:floor" }));
        Assert.That(Providers(decision), Is.EqualTo(new[] { "deepinfra", "groq", "together", "fireworks", "local" }));
        Assert.That(decision.Policy.Source, Is.EqualTo(PolicySource.Request));
    }

    [Test]
    public void A_suffix_on_a_fallback_model_sorts_that_model_only()
    {
        var decision = Succeed(Engine().Route(Catalog, new RoutingRequest { Model = "backup", FallbackModels = ["llama:floor"] }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[]
        {
            "openai/gpt-4o-mini", "groq/llama", "deepinfra/llama", "together/llama", "fireworks/llama", "local/llama",
        }));
    }

    [Test]
    public void Require_parameters_keeps_only_candidates_declared_to_support_the_request()
    {
        var tolerant = Route(new ProviderPreferences(), RequestFeatures.Tools);
        var strict = Route(new ProviderPreferences { RequireParameters = true }, RequestFeatures.Tools);
        Assert.That(Providers(tolerant), Is.EqualTo(new[] { "together", "groq", "fireworks", "local" }), "unknown capabilities are tried");
        Assert.That(Providers(strict), Is.EqualTo(new[] { "together", "groq" }));
        Assert.That(strict.Dropped.Where(d => d.Reason == DropReason.CapabilitiesNotDeclared).Select(d => d.Target.Provider.Id),
            Is.EquivalentTo(new[] { "fireworks", "local" }));
        Assert.That(strict.Dropped.Single(d => d.Reason == DropReason.MissingCapability).Target.Provider.Id, Is.EqualTo("deepinfra"));
    }

    [Test]
    public void Max_price_drops_candidates_priced_above_either_side_and_those_without_a_price()
    {
        var decision = Route(new ProviderPreferences { MaxPrice = new MaxPrice(Prompt: 0.8m, Completion: 0.85m) });
        Assert.That(Providers(decision), Is.EqualTo(new[] { "groq", "deepinfra" }));
        Assert.That(decision.Dropped.Select(d => (d.Target.Provider.Id, d.Reason)), Is.EqualTo(new[]
        {
            ("together", DropReason.PriceAboveMaximum), ("fireworks", DropReason.PriceAboveMaximum), ("local", DropReason.PriceUnknown),
        }));
        Assert.That(decision.Dropped[0].Detail, Does.Contain("provider.max_price.prompt"));

        var completionOnly = Route(new ProviderPreferences { MaxPrice = new MaxPrice(null, 0.85m) });
        Assert.That(completionOnly.Dropped.Single(d => d.Target.Provider.Id == "together").Detail, Does.Contain("provider.max_price.completion"));
    }

    [Test]
    public void Preferences_that_exclude_every_candidate_are_a_not_found_error_about_the_provider_field()
    {
        var result = Engine().Route(Catalog, new RoutingRequest { Model = "llama", Provider = new ProviderPreferences { Only = ["azure"] } });
        Assert.That(result.Error!.Kind, Is.EqualTo(RoutingErrorKind.NoCandidateMatchesPreferences));
        Assert.That(result.Error.Param, Is.EqualTo("provider"));
        Assert.That(result.Decision!.Dropped, Has.Count.EqualTo(5));
        Assert.That(result.Decision.Candidates, Is.Empty);
    }

    private static RoutingDecision Route(ProviderPreferences preferences, RequestFeatures features = RequestFeatures.None) =>
        Succeed(Engine().Route(Catalog, new RoutingRequest { Model = "llama", Provider = preferences, Features = features }));

    private static RoutingDecision Route(ProviderPreferences preferences, ITargetStatistics statistics, int seed) =>
        Succeed(Engine(seed, statistics).Route(Catalog, new RoutingRequest { Model = "llama", Provider = preferences }));

    private static string[] Providers(RoutingDecision decision) => decision.Candidates.Select(target => target.Provider.Id).ToArray();
}
