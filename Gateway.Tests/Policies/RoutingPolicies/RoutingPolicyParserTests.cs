using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Strategies;

namespace Gateway.Tests.Policies.RoutingPolicies;

[TestFixture]
public sealed class RoutingPolicyParserTests
{
    [Test]
    public void Reads_the_parameters_of_a_strategy_policy()
    {
        var policy = Parse("hybrid", """
            { "models": ["gpt-*", "o4-*"], "parameters": { "epsilon": 0.2, "stale_after_seconds": 30, "latency_metric": "ttft",
              "cost_weight": 2, "latency_weight": 0.5, "error_weight": 4, "default_output_tokens": 512 } }
            """).Policy!;
        Assert.That(policy.Type, Is.EqualTo(RoutingPolicyType.Hybrid));
        Assert.That(policy.Strategy, Is.EqualTo(RoutingStrategy.Hybrid));
        Assert.That(policy.Models.Select(glob => glob.Pattern), Is.EqualTo(new[] { "gpt-*", "o4-*" }));
        Assert.That(policy.Parameters, Is.EqualTo(new StrategyParameters
        {
            Epsilon = 0.2,
            StaleAfter = TimeSpan.FromSeconds(30),
            LatencyMetric = LatencyMetric.TimeToFirstToken,
            CostWeight = 2,
            LatencyWeight = 0.5,
            ErrorWeight = 4,
            DefaultOutputTokens = 512,
        }));
        Assert.That(policy.Rules, Is.Null);
    }

    [Test]
    public void Reads_every_condition_of_a_deterministic_rule()
    {
        var policy = Parse("deterministic", """
            { "rules": [ { "name": "r", "when": { "model": "gpt-*", "key": "k", "org": "o", "team": "t", "environment": "e",
                "tools": true, "vision": false, "prompt_tokens_above": 1000, "headers": { "x-a": "1" } },
                "targets": ["a", "p/m"], "strategy": "latency", "parameters": { "epsilon": 0 } } ] }
            """).Policy!;
        var rule = policy.Rules!.Rules.Single();
        Assert.That(rule.Name, Is.EqualTo("r"));
        Assert.That(rule.When.Model!.Pattern, Is.EqualTo("gpt-*"));
        Assert.That((rule.When.KeyId, rule.When.OrgId, rule.When.TeamId, rule.When.EnvironmentId), Is.EqualTo(("k", "o", "t", "e")));
        Assert.That((rule.When.Tools, rule.When.Vision, rule.When.PromptTokensAbove), Is.EqualTo(((bool?)true, (bool?)false, (int?)1000)));
        Assert.That(rule.When.Headers, Is.EqualTo(new[] { new KeyValuePair<string, string>("x-a", "1") }));
        Assert.That(rule.Then.Models, Is.EqualTo(new[] { "a", "p/m" }));
        Assert.That(rule.Then.Strategy, Is.EqualTo(RoutingStrategy.Latency));
        Assert.That(rule.Then.Parameters.Epsilon, Is.Zero);
        Assert.That(policy.Rules.Default, Is.Null);
    }

    [TestCase("round-robin", "{}", "type: 'round-robin'")]
    [TestCase("cost", "[]", "rules: must be an object")]
    [TestCase("cost", """{ "rules": [] }""", "rules.rules: is not a field of a cost policy")]
    [TestCase("cost", """{ "parameters": { "epsilon": 2 } }""", "rules.parameters.epsilon: must be a number within [0, 1]")]
    [TestCase("cost", """{ "parameters": { "latency_metric": "p99" } }""", "rules.parameters.latency_metric: must be one of auto, ttft, total")]
    [TestCase("cost", """{ "parameters": { "speed": 1 } }""", "rules.parameters.speed: is not a strategy parameter")]
    [TestCase("cost", """{ "models": "gpt-*" }""", "rules.models: must be an array")]
    [TestCase("deterministic", "{}", "rules.rules: a deterministic policy needs rules or a default")]
    [TestCase("deterministic", """{ "rules": [ { "targets": [] } ] }""", "rules.rules[0].targets: must be a non-empty array")]
    [TestCase("deterministic", """{ "rules": [ { "targets": ["a b"] } ] }""", "rules.rules[0].targets[0]: must be a model name without white space")]
    [TestCase("deterministic", """{ "rules": [ { "targets": ["a"], "strategy": "random" } ] }""", "rules.rules[0].strategy: must be one of")]
    [TestCase("deterministic", """{ "rules": [ { "targets": ["a"], "when": { "tools": "yes" } } ] }""", "rules.rules[0].when.tools: must be true or false")]
    [TestCase("deterministic", """{ "rules": [ { "targets": ["a"], "when": { "prompt_tokens_above": -1 } } ] }""", "rules.rules[0].when.prompt_tokens_above: must be an integer")]
    [TestCase("deterministic", """{ "rules": [ { "targets": ["a"], "when": { "headers": { "x": 1 } } } ] }""", "rules.rules[0].when.headers.x: must be a string")]
    [TestCase("deterministic", """{ "rules": [ { "targets": ["a"], "when": { "user": "bob" } } ] }""", "rules.rules[0].when.user: is not a condition")]
    [TestCase("deterministic", """{ "rules": [ { "targets": ["a"], "then": [] } ] }""", "rules.rules[0].then: is not a field of a rule")]
    [TestCase("deterministic", """{ "default": { "targets": ["a"], "extra": 1 } }""", "rules.default.extra: is not a field of the default")]
    public void Refuses_a_bad_policy_naming_the_field(string type, string rules, string error)
    {
        var result = Parse(type, rules);
        Assert.That(result.Policy, Is.Null);
        Assert.That(result.Errors, Has.Some.Contains(error));
    }

    [Test]
    public void Strategy_names_parse_without_regard_to_case_but_numbers_do_not()
    {
        Assert.That(RoutingPolicyParser.TryParseStrategy("Weighted", out var strategy), Is.True);
        Assert.That(strategy, Is.EqualTo(RoutingStrategy.Weighted));
        Assert.That(RoutingPolicyParser.TryParseStrategy("throughput", out _), Is.True);
        Assert.That(RoutingPolicyParser.TryParseStrategy("2", out _), Is.False);
        Assert.That(RoutingPolicyParser.TryParseStrategy("fastest", out _), Is.False);
    }

    private static RoutingPolicyParseResult Parse(string type, string rules)
    {
        using var document = JsonDocument.Parse(rules);
        return RoutingPolicyParser.Parse("id", "name", Scope.Global, 0, type, document.RootElement);
    }
}
