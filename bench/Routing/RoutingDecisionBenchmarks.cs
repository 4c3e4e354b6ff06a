using BenchmarkDotNet.Attributes;
using Gateway.Policies.Capabilities;
using Gateway.Policies.Catalog;
using Gateway.Policies.Keys;
using Gateway.Policies.Pricing;
using Gateway.Policies.Resilience;
using Gateway.Policies.Routing;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Tenancy;

namespace Gateway.Bench.Routing;

/// <summary>
/// One routing decision per call, as the proxy makes it per request: policy selection, alias expansion,
/// capability and breaker checks, ordering, and the decision record — for a 10-target alias.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RoutingDecisionBenchmarks
{
    private GatewayCatalog _catalog = null!;
    private RoutingEngine _engine = null!;
    private RoutingPolicySet _policies = null!;
    private RoutingRequest _weighted = null!;
    private RoutingRequest _latency = null!;
    private RoutingRequest _cost = null!;

    [GlobalSetup]
    public void Setup()
    {
        var time = TimeProvider.System;
        var statistics = new TargetStatistics(time);
        var breakers = new CircuitBreakerRegistry(CircuitBreakerOptions.Default, time);
        var random = new Random(1);
        var weighted = new List<RouteTarget>();
        var latency = new List<RouteTarget>();
        for (var i = 0; i < 10; i++)
        {
            var provider = new ProviderDefinition
            {
                Id = $"provider-{i}",
                Kind = "openai",
                BaseUrls = [$"https://p{i}.example/v1"],
                Settings = new Dictionary<string, string>(),
            };
            var target = new RouteTarget
            {
                Provider = provider,
                Model = $"model-{i}",
                Weight = 1 + i,
                ContextWindow = 128_000,
                Capabilities = ModelCapabilities.Tools | ModelCapabilities.Vision | ModelCapabilities.JsonSchema,
                Price = new ModelPrice(0.1m * (10 - i), 0.4m * (10 - i), 0.05m, 0.1m),
            };
            weighted.Add(target);
            latency.Add(target);
            // Every target measured and every breaker present, as in a warm gateway.
            for (var s = 0; s < 20; s++)
            {
                statistics.RecordSuccess(provider.Id, target.Model, TimeSpan.FromMilliseconds(100 + random.Next(400)), TimeSpan.FromMilliseconds(1000 + random.Next(2000)), 200);
            }
            breakers.Get(provider.Id, target.Model);
        }
        _catalog = new GatewayCatalog(
            weighted.Select(target => target.Provider).ToDictionary(provider => provider.Id),
            new Dictionary<string, ModelRoute>
            {
                ["weighted"] = new() { Name = "weighted", Strategy = RoutingStrategy.Weighted, Targets = weighted },
                ["latency"] = new() { Name = "latency", Strategy = RoutingStrategy.Latency, Targets = latency },
                ["cost"] = new() { Name = "cost", Strategy = RoutingStrategy.Cost, Targets = latency },
            },
            new Dictionary<KeyHash, GatewayKey>(),
            new Dictionary<string, ModelInfo>());

        var kinds = new Dictionary<string, RequestFeatures>
        {
            ["openai"] = RequestFeatures.Tools | RequestFeatures.Vision | RequestFeatures.JsonSchema | RequestFeatures.MultipleChoices | RequestFeatures.Audio,
        };
        _engine = new RoutingEngine(new CandidateOrderer(new Random(7), statistics), new CapabilityMatcher(kinds), breakers);
        // A few policies for other teams, so selection does real lookups and finds nothing for this caller.
        _policies = new RoutingPolicySet(Enumerable.Range(0, 5).Select(i =>
        {
            using var rules = System.Text.Json.JsonDocument.Parse("{}");
            return RoutingPolicyParser.Parse($"p{i}", $"p{i}", Scope.ForTeam(Guid.NewGuid()), i, RoutingPolicyType.Cost, rules.RootElement).Policy!;
        }));
        _weighted = Request("weighted");
        _latency = Request("latency");
        _cost = Request("cost");
    }

    [Benchmark(Description = "weighted alias, 10 targets")]
    public RoutingResult Weighted() => _engine.Route(_catalog, _policies, _weighted);

    [Benchmark(Description = "latency alias, 10 targets")]
    public RoutingResult Latency() => _engine.Route(_catalog, _policies, _latency);

    [Benchmark(Description = "cost alias, 10 targets")]
    public RoutingResult Cost() => _engine.Route(_catalog, _policies, _cost);

    private static RoutingRequest Request(string model) => new()
    {
        Model = model,
        Features = RequestFeatures.Tools,
        EstimatedPromptTokens = 450,
        MaxOutputTokens = 1024,
        Stream = true,
        KeyId = "key-1",
        Caller = new ScopeChain(Guid.Parse("0193a1b2-0000-7000-8000-000000000001"), Guid.Parse("0193a1b2-0000-7000-8000-000000000002"),
            Guid.Parse("0193a1b2-0000-7000-8000-000000000003")),
    };
}
