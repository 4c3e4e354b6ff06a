using Gateway.Data.Aliases;
using Gateway.Data.Errors;
using Gateway.Data.Sql;

namespace Gateway.Tests.Data.Aliases;

[TestFixture]
public sealed class ModelAliasRepositoryTests : TenantDatabaseTest
{
    [Test]
    public async Task Creates_finds_updates_and_deletes_an_alias_with_typed_targets()
    {
        AliasTarget[] targets = [new("anthropic", "claude-sonnet-4-5"), new("openai", "gpt-4o", 0.25m)];

        var created = await Database.Aliases.CreateAsync(new ModelAliasSpec(Scope.ForTeam(Team.Id), "smart", RoutingStrategy.Failover, targets), CancellationToken.None);

        Assert.That((created.Scope, created.Name, created.Strategy), Is.EqualTo((Scope.ForTeam(Team.Id), "smart", RoutingStrategy.Failover)));
        Assert.That(created.Targets, Is.EqualTo(targets));
        Assert.That((await Database.Aliases.FindAsync(Scope.ForTeam(Team.Id), "smart", CancellationToken.None))!.Id, Is.EqualTo(created.Id));
        Assert.That(await Database.Aliases.FindAsync(Scope.Global, "smart", CancellationToken.None), Is.Null);

        var updated = await Database.Aliases.UpdateAsync(
            created.Id, new ModelAliasSpec(Scope.ForTeam(Team.Id), "smart", RoutingStrategy.Weighted, [new("openai", "gpt-4o", 1m)]), CancellationToken.None);
        Assert.That((updated!.Strategy, updated.Targets.Count), Is.EqualTo((RoutingStrategy.Weighted, 1)));
        Assert.That(await Database.Aliases.DeleteAsync(created.Id, CancellationToken.None), Is.True);
        Assert.That(await Database.Aliases.GetAsync(created.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task An_alias_name_is_unique_within_its_scope_only()
    {
        AliasTarget[] targets = [new("openai", "gpt-4o-mini")];
        await Database.Aliases.CreateAsync(new ModelAliasSpec(Scope.Global, "fast", RoutingStrategy.Cost, targets), CancellationToken.None);
        await Database.Aliases.CreateAsync(new ModelAliasSpec(Scope.ForOrganization(Org.Id), "fast", RoutingStrategy.Cost, targets), CancellationToken.None);

        var global = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.Aliases.CreateAsync(new ModelAliasSpec(Scope.Global, "fast", RoutingStrategy.Latency, targets), CancellationToken.None));
        var org = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.Aliases.CreateAsync(new ModelAliasSpec(Scope.ForOrganization(Org.Id), "fast", RoutingStrategy.Latency, targets), CancellationToken.None));

        Assert.That((global!.Constraint, org!.Constraint), Is.EqualTo(("model_aliases_global_name_key", "model_aliases_org_name_key")));
        var globalOnly = await Database.Aliases.ListAsync(Scope.Global, PageRequest.First, CancellationToken.None);
        Assert.That(globalOnly.Items.Select(alias => alias.Scope), Is.All.EqualTo(Scope.Global));
        Assert.That(globalOnly.Items.Select(alias => alias.Name), Does.Contain("fast"));
    }

    [Test]
    public async Task The_database_rejects_empty_or_malformed_targets_and_unknown_strategies()
    {
        var empty = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.Aliases.CreateAsync(new ModelAliasSpec(Scope.Global, "empty", RoutingStrategy.Failover, []), CancellationToken.None));
        Assert.That(empty!.Constraint, Is.EqualTo("model_aliases_targets_valid"));
        var negative = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.Aliases.CreateAsync(new ModelAliasSpec(Scope.Global, "neg", RoutingStrategy.Weighted, [new("p", "m", -1m)]), CancellationToken.None));
        Assert.That(negative!.Constraint, Is.EqualTo("model_aliases_targets_valid"));

        var strategy = await AsyncAssert.ThrowsAsync<Npgsql.PostgresException>(() => Database.ExecuteAsync(
            """insert into model_aliases (name, strategy, targets) values ('x', 'random', '[{"provider":"p","model":"m"}]')"""));
        Assert.That(strategy!.ConstraintName, Is.EqualTo("model_aliases_strategy_valid"));
        var missingModel = await AsyncAssert.ThrowsAsync<Npgsql.PostgresException>(() => Database.ExecuteAsync(
            """insert into model_aliases (name, targets) values ('y', '[{"provider":"p"}]')"""));
        Assert.That(missingModel!.ConstraintName, Is.EqualTo("model_aliases_targets_valid"));
    }
}
