using Gateway.Data.RoutingPolicies;
using Gateway.Data.Sql;
using Gateway.Policies.RoutingPolicies;

namespace Gateway.Tests.Data.RoutingPolicies;

[TestFixture]
public sealed class RoutingPolicyRepositoryTests : TenantDatabaseTest
{
    [Test]
    public async Task Creates_reads_updates_deactivates_and_deletes_a_policy()
    {
        var rules = JsonDocument.Parse("""{"latencyWeight":0.5,"costWeight":0.5}""").RootElement;

        var created = await Database.RoutingPolicies.CreateAsync(new RoutingPolicySpec(Scope.ForOrganization(Org.Id), "balanced", RoutingPolicyType.Hybrid, 10, rules), CancellationToken.None);

        Assert.That((created.Scope, created.Type, created.Priority, created.Active), Is.EqualTo((Scope.ForOrganization(Org.Id), RoutingPolicyType.Hybrid, 10, true)));
        Assert.That(created.Rules.GetProperty("costWeight").GetDouble(), Is.EqualTo(0.5));
        Assert.That(await Database.RoutingPolicies.GetAsync(created.Id, CancellationToken.None), Is.Not.Null);
        var updated = await Database.RoutingPolicies.UpdateAsync(created.Id, new RoutingPolicySpec(Scope.Global, "cheap", RoutingPolicyType.Cost, -5), CancellationToken.None);
        Assert.That((updated!.Scope, updated.Name, updated.Type, updated.Priority), Is.EqualTo((Scope.Global, "cheap", RoutingPolicyType.Cost, -5)));
        Assert.That(await Database.RoutingPolicies.SetActiveAsync(created.Id, false, CancellationToken.None), Is.True);
        Assert.That((await Database.RoutingPolicies.GetAsync(created.Id, CancellationToken.None))!.Active, Is.False);
        Assert.That(await Database.RoutingPolicies.DeleteAsync(created.Id, CancellationToken.None), Is.True);
        Assert.That(await Database.RoutingPolicies.SetActiveAsync(created.Id, true, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Lists_policies_of_one_scope()
    {
        await Database.RoutingPolicies.CreateAsync(new RoutingPolicySpec(Scope.ForOrganization(Org.Id), "org-one", RoutingPolicyType.Deterministic), CancellationToken.None);
        await Database.RoutingPolicies.CreateAsync(new RoutingPolicySpec(Scope.Global, "global-one", RoutingPolicyType.Latency), CancellationToken.None);

        var page = await Database.RoutingPolicies.ListAsync(Scope.ForOrganization(Org.Id), PageRequest.First, CancellationToken.None);

        Assert.That(page.Items.Select(policy => policy.Name), Does.Contain("org-one").And.Not.Contain("global-one"));
    }

    [Test]
    public async Task The_database_rejects_an_unknown_type_and_a_priority_out_of_range()
    {
        var type = await AsyncAssert.ThrowsAsync<Npgsql.PostgresException>(() => Database.ExecuteAsync(
            "insert into routing_policies (name, type) values ('p', 'random')"));
        Assert.That(type!.ConstraintName, Is.EqualTo("routing_policies_type_valid"));
        var priority = await AsyncAssert.ThrowsAsync<Gateway.Data.Errors.DataConstraintException>(() =>
            Database.RoutingPolicies.CreateAsync(new RoutingPolicySpec(Scope.Global, "p", RoutingPolicyType.Cost, int.MaxValue), CancellationToken.None));
        Assert.That(priority!.Constraint, Is.EqualTo("routing_policies_priority_range"));
    }
}
