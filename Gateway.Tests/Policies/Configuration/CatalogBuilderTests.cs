using Gateway.Policies.Configuration;
using Gateway.Policies.Quotas;
using Gateway.Policies.RoutingPolicies;

namespace Gateway.Tests.Policies.Configuration;

/// <summary>One snapshot from the config file, the shipped catalog and the database, section by section.</summary>
[TestFixture]
public sealed class CatalogBuilderTests
{
    private static readonly Guid Team = Guid.Parse("0193a1b2-0000-7000-8000-000000000002");
    private static readonly Guid Environment = Guid.Parse("0193a1b2-0000-7000-8000-000000000003");

    [Test]
    public void The_databases_routing_policies_and_quota_limits_are_part_of_the_catalog()
    {
        var database = new DatabaseCatalogDocument();
        database.Policies.Add(Policy("cheap", RoutingPolicyType.Cost, "{}"));
        database.Quotas.Add(new QuotaLimit(QuotaSubject.Environment(Environment), QuotaMeasure.Requests, QuotaPeriod.Day, 100));

        var result = Build(database);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Catalog!.RoutingPolicies.Count, Is.EqualTo(1));
        Assert.That(result.Catalog.RoutingPolicies.Select(new Gateway.Policies.Routing.RoutingRequest { Model = "chat", Caller = new ScopeChain(Guid.NewGuid(), Team, null) }, "chat")!.Name,
            Is.EqualTo("cheap"));
        Assert.That(result.Catalog.Quotas.For(QuotaSubject.Environment(Environment)).Single().Limit, Is.EqualTo(100m));
    }

    [Test]
    public void Without_a_database_the_catalog_has_no_policies_or_quota_rows()
    {
        var result = Build(database: null);

        Assert.That((result.Catalog!.RoutingPolicies.Count, result.Catalog.Quotas.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Bad_database_rows_are_skipped_with_a_warning_naming_them_and_the_rest_is_built()
    {
        var database = new DatabaseCatalogDocument();
        database.Policies.Add(Policy("broken", RoutingPolicyType.Cost, """{ "colour": "red" }"""));
        database.Policies.Add(Policy("stale", RoutingPolicyType.Deterministic, """{ "default": { "targets": ["gone"] } }"""));
        database.Aliases.Add(new ScopedModelDocument("team-chat", Scope.ForTeam(Team), RoutingStrategy.Failover,
            [new TargetDocument { Provider = "nowhere", Model = "m" }]));
        database.Aliases.Add(new ScopedModelDocument("team-good", Scope.ForTeam(Team), RoutingStrategy.Cost,
            [new TargetDocument { Provider = "openai", Model = "m" }]));

        var result = Build(database);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Warnings, Has.Some.Contains("Database:RoutingPolicies:broken: rules.colour").And.Some.Contains("(policy skipped)"));
        Assert.That(result.Warnings, Has.Some.Contains("policy 'stale' rule 'default': 'gone'"));
        Assert.That(result.Warnings, Has.Some.EqualTo($"Database: Aliases:team:{Team}:team-chat:Targets:0:Provider: 'nowhere' is not a configured (and enabled) provider. (row skipped)"));
        Assert.That(result.Catalog!.RoutingPolicies.Count, Is.EqualTo(1), "the stale policy stays: routing skips its unknown names");
        var team = result.Catalog.ScopedRoutes[Scope.ForTeam(Team)];
        Assert.That(team.Keys, Is.EqualTo(new[] { "team-good" }));
        Assert.That(team["team-good"].Strategy, Is.EqualTo(RoutingStrategy.Cost));
    }

    private static RoutingPolicyDocument Policy(string name, RoutingPolicyType type, string rules)
    {
        using var document = JsonDocument.Parse(rules);
        return new RoutingPolicyDocument(name, name, Scope.ForTeam(Team), 0, type, document.RootElement.Clone(), Active: true);
    }

    private static CatalogBuildResult Build(DatabaseCatalogDocument? database)
    {
        var config = new GatewayConfigDocument();
        config.Providers["openai"] = new ProviderDocument { Kind = "openai", BaseUrl = "https://api.openai.com/v1" };
        config.Models["chat"] = new ModelDocument { Targets = [new TargetDocument { Provider = "openai", Model = "m" }] };
        return new CatalogBuilder(new Dictionary<string, ProviderKindInfo> { ["openai"] = new("openai", null) }, _ => null).Build(config, null, database);
    }
}
