using Gateway.Policies.Capabilities;
using Gateway.Policies.Pricing;
using Gateway.Policies.Resilience;
using Gateway.Policies.Routing;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Strategies;

namespace Gateway.Tests.Policies;

/// <summary>Small builders for routing tests: providers, targets, aliases, catalogs, engines.</summary>
internal static class RoutingFixtures
{
    public static ProviderDefinition Provider(string id, string kind = "openai") => new()
    {
        Id = id,
        Kind = kind,
        BaseUrls = [$"https://{id}.example/v1"],
        Settings = new Dictionary<string, string>(),
    };

    public static RouteTarget Target(
        string provider, string model, double weight = 1, ModelPrice? price = null, ModelCapabilities? capabilities = null,
        int? contextWindow = null, string kind = "openai") => new()
        {
            Provider = Provider(provider, kind),
            Model = model,
            Weight = weight,
            Price = price,
            Capabilities = capabilities,
            ContextWindow = contextWindow,
        };

    public static ModelPrice Price(decimal input, decimal output, decimal? cached = null) => new(input, output, cached ?? input, input);

    public static ModelRoute Alias(string name, RoutingStrategy strategy, params RouteTarget[] targets) =>
        new() { Name = name, Strategy = strategy, Targets = targets };

    public static ModelRoute Alias(string name, RoutingStrategy strategy, StrategyParameters parameters, params RouteTarget[] targets) =>
        new() { Name = name, Strategy = strategy, Parameters = parameters, Targets = targets };

    /// <summary>A catalog of these aliases; their targets' providers are registered too, so provider/model names resolve.</summary>
    public static GatewayCatalog Catalog(params ModelRoute[] routes)
    {
        var providers = new Dictionary<string, ProviderDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in routes)
        {
            foreach (var target in route.Targets)
            {
                providers.TryAdd(target.Provider.Id, target.Provider);
            }
        }
        return new GatewayCatalog(
            providers,
            routes.ToDictionary(route => route.Name),
            new Dictionary<Gateway.Policies.Keys.KeyHash, Gateway.Policies.Keys.GatewayKey>(),
            new Dictionary<string, ModelInfo>());
    }

    public static RoutingEngine Engine(int seed = 1, ITargetStatistics? statistics = null, CircuitBreakerRegistry? breakers = null, CapabilityMatcher? capabilities = null) =>
        new(new CandidateOrderer(new Random(seed), statistics), capabilities ?? CapabilityMatcher.ModelsOnly, breakers);

    /// <summary>Routes <paramref name="request"/> on <paramref name="catalog"/> with no routing policy configured, the case most routing tests are about.</summary>
    public static RoutingResult Route(this RoutingEngine engine, GatewayCatalog catalog, RoutingRequest request) =>
        engine.Route(catalog, RoutingPolicySet.Empty, request);

    public static RoutingPolicy Policy(string id, Scope scope, int priority, string type, string rules = "{}")
    {
        using var document = JsonDocument.Parse(rules);
        var result = RoutingPolicyParser.Parse(id, id, scope, priority, type, document.RootElement);
        Assert.That(result.Errors, Is.Empty, "policy should parse");
        return result.Policy!;
    }

    public static string[] Names(IEnumerable<RouteTarget> targets) => targets.Select(target => target.QualifiedName).ToArray();

    public static RoutingDecision Succeed(RoutingResult result)
    {
        Assert.That(result.Error, Is.Null, () => result.Error!.Message);
        return result.Decision!;
    }
}
