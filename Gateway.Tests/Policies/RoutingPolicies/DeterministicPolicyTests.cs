using Gateway.Policies.Routing;
using Gateway.Policies.RoutingPolicies;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.RoutingPolicies;

[TestFixture]
public sealed class DeterministicPolicyTests
{
    private static readonly GatewayCatalog Catalog = RoutingFixtures.Catalog(
        Alias("gpt-4o", RoutingStrategy.Failover, Target("openai", "gpt-4o", price: Price(2.5m, 10))),
        Alias("gpt-4o-mini", RoutingStrategy.Failover, Target("openai", "gpt-4o-mini", price: Price(0.15m, 0.6m))),
        Alias("claude", RoutingStrategy.Failover, Target("anthropic", "claude-sonnet-4-5", price: Price(3, 15))),
        Alias("long", RoutingStrategy.Failover, Target("gemini", "gemini-2.5-pro", price: Price(1.25m, 10)), Target("anthropic", "claude-sonnet-4-5")),
        Alias("local", RoutingStrategy.Failover, Target("ollama", "llama3")));

    private const string Rules = """
        {
          "rules": [
            { "name": "long prompts", "when": { "prompt_tokens_above": 100000 }, "targets": ["long"] },
            { "name": "gold tier", "when": { "headers": { "x-tier": "gold" } }, "targets": ["claude", "gpt-4o"] },
            { "name": "team tools", "when": { "team": "TEAM-1", "tools": true }, "targets": ["gpt-4o", "claude"] },
            { "name": "vision", "when": { "vision": true }, "targets": ["gpt-4o"] },
            { "name": "ci key", "when": { "key": "ci" }, "targets": ["local"] },
            { "name": "staging", "when": { "environment": "staging" }, "targets": ["gpt-4o-mini"] },
            { "name": "cheap gpt", "when": { "model": "gpt-*" }, "targets": ["gpt-4o", "gpt-4o-mini"], "strategy": "cost" }
          ],
          "default": { "targets": ["claude"] }
        }
        """;

    private static readonly RoutingPolicySet Policies = new([Policy("rules", Scope.Global, 0, "deterministic", Rules)]);

    [TestCase(200_000, null, null, RequestFeatures.None, null, null, "long prompts", new[] { "gemini/gemini-2.5-pro", "anthropic/claude-sonnet-4-5" })]
    [TestCase(10, "gold", null, RequestFeatures.None, null, null, "gold tier", new[] { "anthropic/claude-sonnet-4-5", "openai/gpt-4o" })]
    [TestCase(10, null, "team-1", RequestFeatures.Tools, null, null, "team tools", new[] { "openai/gpt-4o", "anthropic/claude-sonnet-4-5" })]
    [TestCase(10, null, null, RequestFeatures.Vision, null, null, "vision", new[] { "openai/gpt-4o" })]
    [TestCase(10, null, null, RequestFeatures.None, "ci", null, "ci key", new[] { "ollama/llama3" })]
    [TestCase(10, null, null, RequestFeatures.None, null, "staging", "staging", new[] { "openai/gpt-4o-mini" })]
    public void The_first_matching_rule_chooses_the_targets(
        int promptTokens, string? tier, string? team, RequestFeatures features, string? key, string? environment, string rule, string[] expected)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (tier is not null)
        {
            headers["X-Tier"] = tier;
        }
        var decision = Succeed(Engine().Route(Catalog, Policies, new RoutingRequest
        {
            Model = "claude",
            EstimatedPromptTokens = promptTokens,
            Headers = headers,
            TeamId = team,
            Features = features,
            KeyId = key,
            EnvironmentId = environment,
        }));
        Assert.That(decision.Policy.Rule, Is.EqualTo(rule));
        Assert.That(Names(decision.Candidates), Is.EqualTo(expected));
    }

    [Test]
    public void Earlier_rules_win_over_later_ones_that_also_match()
    {
        var decision = Succeed(Engine().Route(Catalog, Policies, new RoutingRequest
        {
            Model = "gpt-4o",
            EstimatedPromptTokens = 500_000,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-tier"] = "gold" },
        }));
        Assert.That(decision.Policy.Rule, Is.EqualTo("long prompts"));
    }

    [Test]
    public void A_rule_can_order_its_targets_with_a_strategy()
    {
        var decision = Succeed(Engine().Route(Catalog, Policies, new RoutingRequest { Model = "gpt-4o", EstimatedPromptTokens = 1000, MaxOutputTokens = 100 }));
        Assert.That(decision.Policy.Rule, Is.EqualTo("cheap gpt"));
        Assert.That(decision.Policy.Strategy, Is.EqualTo(RoutingStrategy.Cost));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "openai/gpt-4o-mini", "openai/gpt-4o" }));
        Assert.That(decision.Policy.Describe(), Is.EqualTo("policy:rules#cheap gpt/cost"));
    }

    [Test]
    public void The_default_applies_when_no_rule_matches()
    {
        var decision = Succeed(Engine().Route(Catalog, Policies, new RoutingRequest { Model = "local" }));
        Assert.That(decision.Policy.Rule, Is.EqualTo("default"));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "anthropic/claude-sonnet-4-5" }));
    }

    [Test]
    public void Without_a_default_an_unmatched_request_routes_its_own_model()
    {
        var policies = new RoutingPolicySet([Policy("p", Scope.Global, 0, "deterministic",
            """{ "rules": [ { "when": { "vision": true }, "targets": ["gpt-4o"] } ] }""")]);
        var decision = Succeed(Engine().Route(Catalog, policies, new RoutingRequest { Model = "local" }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "ollama/llama3" }));
        Assert.That(decision.Policy.Source, Is.EqualTo(PolicySource.Alias));
    }

    [Test]
    public void Header_values_must_match_exactly()
    {
        var decision = Succeed(Engine().Route(Catalog, Policies, new RoutingRequest
        {
            Model = "local",
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-tier"] = "GOLD" },
        }));
        Assert.That(decision.Policy.Rule, Is.EqualTo("default"));
    }

    [Test]
    public void Rules_may_name_provider_models_directly_and_unknown_names_are_skipped()
    {
        var policies = new RoutingPolicySet([Policy("p", Scope.Global, 0, "deterministic",
            """{ "default": { "targets": ["retired-alias", "openai/gpt-4.1"] } }""")]);
        var decision = Succeed(Engine().Route(Catalog, policies, new RoutingRequest { Model = "claude" }));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "openai/gpt-4.1" }));
    }

    [Test]
    public void A_rule_whose_targets_all_vanished_is_a_not_found_error_naming_the_policy()
    {
        var policies = new RoutingPolicySet([Policy("p", Scope.Global, 0, "deterministic", """{ "default": { "targets": ["gone"] } }""")]);
        var result = Engine().Route(Catalog, policies, new RoutingRequest { Model = "claude" });
        Assert.That(result.Error!.Kind, Is.EqualTo(RoutingErrorKind.UnknownModel));
        Assert.That(result.Error.Message, Does.Contain("'p'"));
    }

    [Test]
    public void The_policy_set_reports_rule_targets_the_catalog_does_not_know()
    {
        var policies = new RoutingPolicySet([Policy("p", Scope.Global, 0, "deterministic",
            """{ "rules": [ { "name": "r", "targets": ["gpt-4o", "retired"] } ], "default": { "targets": ["nobody/x", "openai/gpt-5"] } }""")]);
        Assert.That(policies.FindUnknownTargets(Catalog), Is.EqualTo(new[] { "policy 'p' rule 'r': 'retired'", "policy 'p' rule 'default': 'nobody/x'" }));
        Assert.That(DeterministicPolicyTests.Policies.FindUnknownTargets(Catalog), Is.Empty);
    }

    [Test]
    public void The_policy_set_lists_the_headers_its_rules_read()
    {
        Assert.That(Policies.ReferencedHeaders, Is.EquivalentTo(new[] { "x-tier" }));
        Assert.That(Policies.ReferencedHeaders.Contains("X-TIER"), Is.True);
    }

    [TestCase("gpt-*", "gpt-4o", true)]
    [TestCase("gpt-*", "GPT-4o-mini", true)]
    [TestCase("gpt-*", "chatgpt-4o", false)]
    [TestCase("*-mini", "o4-mini", true)]
    [TestCase("claude-?-*", "claude-3-haiku", true)]
    [TestCase("claude-?-*", "claude-sonnet", false)]
    [TestCase("*", "", true)]
    [TestCase("a*b*c", "axxbyyc", true)]
    [TestCase("a*b*c", "axxbyy", false)]
    public void Model_globs_match_star_and_question_mark_without_regard_to_case(string pattern, string model, bool matches)
    {
        Assert.That(new GlobPattern(pattern).Matches(model), Is.EqualTo(matches));
    }
}
