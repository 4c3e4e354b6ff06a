using Gateway.Policies.OpenRouter;
using Gateway.Policies.Routing;
using Gateway.Policies.RoutingPolicies;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.RoutingPolicies;

[TestFixture]
public sealed class PolicyScopeTests
{
    private static readonly Guid Org1 = Guid.Parse("0193a1b2-0000-7000-8000-00000000000a");
    private static readonly Guid Team1 = Guid.Parse("0193a1b2-0000-7000-8000-00000000000b");
    private static readonly Guid Team2 = Guid.Parse("0193a1b2-0000-7000-8000-00000000000c");
    private static readonly Guid Env1 = Guid.Parse("0193a1b2-0000-7000-8000-00000000000d");

    private static readonly RoutingRequest Caller = new() { Model = "chat", Caller = new ScopeChain(Org1, Team1, Env1) };

    [Test]
    public void The_most_specific_scope_wins_environment_then_team_then_org_then_global()
    {
        var all = new List<RoutingPolicy>
        {
            Policy("global", Scope.Global, 100, "cost"),
            Policy("org", Scope.ForOrganization(Org1), 50, "cost"),
            Policy("team", Scope.ForTeam(Team1), 10, "cost"),
            Policy("env", Scope.ForEnvironment(Env1), 0, "cost"),
        };
        Assert.That(new RoutingPolicySet(all).Select(Caller, "chat")!.Id, Is.EqualTo("env"));
        Assert.That(new RoutingPolicySet(all.Where(p => p.Id != "env")).Select(Caller, "chat")!.Id, Is.EqualTo("team"));
        Assert.That(new RoutingPolicySet(all.Where(p => p.Id is "org" or "global")).Select(Caller, "chat")!.Id, Is.EqualTo("org"));
        Assert.That(new RoutingPolicySet(all.Where(p => p.Id == "global")).Select(Caller, "chat")!.Id, Is.EqualTo("global"));
    }

    [Test]
    public void Within_a_scope_the_highest_priority_wins_and_ties_go_to_the_lowest_id()
    {
        var set = new RoutingPolicySet([
            Policy("b", Scope.ForTeam(Team1), 5, "latency"),
            Policy("z", Scope.ForTeam(Team1), 9, "cost"),
            Policy("a", Scope.ForTeam(Team1), 9, "hybrid"),
        ]);
        Assert.That(set.Select(Caller, "chat")!.Id, Is.EqualTo("a"));
    }

    [Test]
    public void Policies_of_other_teams_and_inactive_policies_do_not_apply()
    {
        using var rules = System.Text.Json.JsonDocument.Parse("{}");
        var inactive = RoutingPolicyParser.Parse("off", "off", Scope.ForEnvironment(Env1), 99, "cost", rules.RootElement, active: false).Policy!;
        var set = new RoutingPolicySet([inactive, Policy("other-team", Scope.ForTeam(Team2), 99, "cost")]);
        Assert.That(set.Select(Caller, "chat"), Is.Null);
        Assert.That(set.Count, Is.EqualTo(1));
    }

    [Test]
    public void A_policy_limited_to_other_models_lets_the_next_one_apply()
    {
        var set = new RoutingPolicySet([
            Policy("gpt-only", Scope.ForEnvironment(Env1), 0, "cost", """{ "models": ["gpt-*"] }"""),
            Policy("team", Scope.ForTeam(Team1), 0, "latency"),
        ]);
        Assert.That(set.Select(Caller, "gpt-4o")!.Id, Is.EqualTo("gpt-only"));
        Assert.That(set.Select(Caller, "claude")!.Id, Is.EqualTo("team"));
    }

    [Test]
    public void Scope_ids_compare_without_regard_to_case()
    {
        var set = new RoutingPolicySet([Policy("p", Scope.Parse("team:0193A1B2-0000-7000-8000-000000000001"), 0, "cost")]);
        var caller = new ScopeChain(Org1, Guid.Parse("0193a1b2-0000-7000-8000-000000000001"), null);
        Assert.That(set.Select(new RoutingRequest { Model = "m", Caller = caller }, "m"), Is.Not.Null);
    }

    [Test]
    public void A_caller_without_a_team_gets_no_team_policy()
    {
        var set = new RoutingPolicySet([Policy("team", Scope.ForTeam(Team1), 0, "cost")]);
        Assert.That(set.Select(new RoutingRequest { Model = "chat", Caller = new ScopeChain(Org1, null, null) }, "chat"), Is.Null);
    }

    [Test]
    public void A_strategy_policy_reorders_an_alias_in_its_scope_and_is_recorded()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover,
            Target("dear", "m", price: Price(10, 30)), Target("cheap", "m", price: Price(1, 3))));
        var set = new RoutingPolicySet([Policy("save-money", Scope.ForTeam(Team1), 0, "cost")]);

        var inTeam = Succeed(Engine().Route(catalog, set, Caller));
        var outside = Succeed(Engine().Route(catalog, set, new RoutingRequest { Model = "chat", Caller = new ScopeChain(Org1, Team2, null) }));

        Assert.That(Names(inTeam.Candidates), Is.EqualTo(new[] { "cheap/m", "dear/m" }));
        Assert.That(inTeam.Policy, Is.EqualTo(new AppliedPolicy(PolicySource.Policy, RoutingStrategy.Cost, "save-money", "save-money", Scope.ForTeam(Team1))));
        Assert.That(Names(outside.Candidates), Is.EqualTo(new[] { "dear/m", "cheap/m" }));
        Assert.That(outside.Policy.Source, Is.EqualTo(PolicySource.Alias));
    }

    [Test]
    public void The_requests_own_sort_overrides_a_scoped_policy()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover,
            Target("dear", "m", price: Price(10, 30)), Target("cheap", "m", price: Price(1, 3))));
        var set = new RoutingPolicySet([Policy("failover", Scope.Global, 0, "failover")]);
        var decision = Succeed(Engine().Route(catalog, set, new RoutingRequest { Model = "chat:floor" }));
        Assert.That(decision.Policy.Source, Is.EqualTo(PolicySource.Request));
        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "cheap/m", "dear/m" }));
    }

    [Test]
    public void A_request_sort_in_provider_preferences_is_recorded_as_the_request()
    {
        var catalog = Catalog(Alias("chat", RoutingStrategy.Failover, Target("a", "m")));
        var decision = Succeed(Engine().Route(catalog,
            new RoutingRequest { Model = "chat", Provider = new ProviderPreferences { Sort = ProviderSort.Latency } }));
        Assert.That(decision.Policy.Describe(), Is.EqualTo("request/latency"));
    }
}
