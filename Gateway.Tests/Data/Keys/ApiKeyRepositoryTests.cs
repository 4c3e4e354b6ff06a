using Gateway.Data.Errors;
using Gateway.Data.Keys;
using Gateway.Data.Security;
using Gateway.Data.Sql;

namespace Gateway.Tests.Data.Keys;

[TestFixture]
public sealed class ApiKeyRepositoryTests : TenantDatabaseTest
{
    [Test]
    public async Task Creating_a_key_returns_its_secret_once_and_stores_only_prefix_and_hash()
    {
        var created = await Database.Keys.CreateAsync(
            new NewApiKey("ci", [new ApiKeyBindingSpec(Scope.ForTeam(Team.Id), ["gpt-4o-mini"], RpmLimit: 60, TpmLimit: 100_000)]),
            CancellationToken.None);

        Assert.That(created.Secret, Does.Match("^gw-[A-Za-z0-9_-]{40}$"));
        Assert.That(created.Key.Prefix, Is.EqualTo(created.Secret[..8]));
        Assert.That(created.ToString(), Does.Not.Contain(created.Secret[3..]));
        var row = await Database.ScalarAsync<string>("select row_to_json(k)::text from api_keys k where id = $1", created.Key.Id);
        Assert.That(row, Does.Not.Contain(created.Secret[3..]));
        var storedHash = await Database.ScalarAsync<byte[]>("select key_hash from api_keys where id = $1", created.Key.Id);
        Assert.That(storedHash, Is.EqualTo(ApiKeySecrets.Hash(created.Secret)));
        Assert.That(Encoding.UTF8.GetString(storedHash!), Does.Not.Contain(created.Secret));
    }

    [Test]
    public async Task Finds_a_key_by_hash_with_its_bindings_resolved_to_the_tenant_tree()
    {
        var created = await Database.Keys.CreateAsync(
            new NewApiKey("app", [
                new ApiKeyBindingSpec(Scope.ForEnvironment(Environment.Id), [], RpmLimit: 10),
                new ApiKeyBindingSpec(Scope.ForOrganization(Org.Id), ["claude-sonnet"], IsAdmin: true),
            ]),
            CancellationToken.None);

        var found = await Database.Keys.FindByHashAsync(ApiKeySecrets.Hash(created.Secret), CancellationToken.None);

        Assert.That(found!.Key, Is.EqualTo(created.Key));
        var environmentBinding = found.Bindings.Single(binding => binding.Scope.Kind == ScopeKind.Environment);
        Assert.That(
            (environmentBinding.OrgId, environmentBinding.TeamId, environmentBinding.EnvironmentId, environmentBinding.StoreBodies, environmentBinding.RpmLimit),
            Is.EqualTo((Org.Id, (Guid?)Team.Id, (Guid?)Environment.Id, true, (int?)10)));
        Assert.That(environmentBinding.AllowedModels, Is.Empty);
        var orgBinding = found.Bindings.Single(binding => binding.Scope.Kind == ScopeKind.Organization);
        Assert.That((orgBinding.OrgId, orgBinding.TeamId, orgBinding.IsAdmin), Is.EqualTo((Org.Id, (Guid?)null, true)));
        Assert.That(orgBinding.AllowedModels, Is.EqualTo(new[] { "claude-sonnet" }));
        Assert.That((await Database.Keys.FindBySecretAsync(created.Secret, CancellationToken.None))!.Key.Id, Is.EqualTo(created.Key.Id));
        Assert.That(await Database.Keys.FindBySecretAsync(created.Secret + "x", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_revoked_key_is_still_found_but_no_longer_active()
    {
        var created = await Database.Keys.CreateAsync(new NewApiKey("temp", [new ApiKeyBindingSpec(Scope.ForOrganization(Org.Id), [])]), CancellationToken.None);

        Assert.That(await Database.Keys.RevokeAsync(created.Key.Id, CancellationToken.None), Is.True);
        Assert.That(await Database.Keys.RevokeAsync(created.Key.Id, CancellationToken.None), Is.False);

        var found = await Database.Keys.FindBySecretAsync(created.Secret, CancellationToken.None);
        Assert.That(found!.Key.RevokedAt, Is.Not.Null);
        Assert.That(found.Key.IsActiveAt(DateTimeOffset.UtcNow), Is.False);
    }

    [Test]
    public async Task Rotating_revokes_the_old_key_and_issues_a_new_secret_with_the_same_bindings()
    {
        var expiry = DateTimeOffset.UtcNow.AddDays(30);
        var old = await Database.Keys.CreateAsync(
            new NewApiKey("rotating", [new ApiKeyBindingSpec(Scope.ForTeam(Team.Id), ["a", "b"], TpmLimit: 5000)], expiry),
            CancellationToken.None);

        var rotated = await Database.Keys.RotateAsync(old.Key.Id, CancellationToken.None);

        Assert.That(rotated!.Secret, Is.Not.EqualTo(old.Secret));
        Assert.That(rotated.Key.Id, Is.Not.EqualTo(old.Key.Id));
        Assert.That(rotated.Key.Name, Is.EqualTo("rotating"));
        Assert.That(rotated.Key.ExpiresAt, Is.EqualTo(expiry).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(
            rotated.Bindings.Select(binding => (binding.Scope, string.Join(",", binding.AllowedModels), binding.TpmLimit)),
            Is.EqualTo(old.Bindings.Select(binding => (binding.Scope, string.Join(",", binding.AllowedModels), binding.TpmLimit))));
        Assert.That((await Database.Keys.GetAsync(old.Key.Id, CancellationToken.None))!.RevokedAt, Is.Not.Null);
        Assert.That(await Database.Keys.RotateAsync(old.Key.Id, CancellationToken.None), Is.Null, "a revoked key cannot be rotated again");
    }

    [Test]
    public async Task Bindings_can_be_added_and_removed_and_deleting_the_key_removes_them()
    {
        var created = await Database.Keys.CreateAsync(new NewApiKey("bind", []), CancellationToken.None);

        var binding = await Database.Keys.AddBindingAsync(created.Key.Id, new ApiKeyBindingSpec(Scope.ForTeam(Team.Id), ["m"]), CancellationToken.None);

        Assert.That((binding.KeyId, binding.OrgId, binding.TeamId), Is.EqualTo((created.Key.Id, Org.Id, (Guid?)Team.Id)));
        Assert.That(await Database.Keys.GetBindingsAsync(created.Key.Id, CancellationToken.None), Has.Count.EqualTo(1));
        var duplicate = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.Keys.AddBindingAsync(created.Key.Id, new ApiKeyBindingSpec(Scope.ForTeam(Team.Id), []), CancellationToken.None));
        Assert.That(duplicate!.Kind, Is.EqualTo(ConstraintViolationKind.Unique));
        Assert.That(await Database.Keys.RemoveBindingAsync(created.Key.Id, binding.Id, CancellationToken.None), Is.EqualTo(BindingRemoval.LastBinding),
            "a key keeps its last binding");
        var second = await Database.Keys.AddBindingAsync(created.Key.Id, new ApiKeyBindingSpec(Scope.ForOrganization(Org.Id), []), CancellationToken.None);
        Assert.That(await Database.Keys.RemoveBindingAsync(created.Key.Id, binding.Id, CancellationToken.None), Is.EqualTo(BindingRemoval.Removed));
        Assert.That(await Database.Keys.RemoveBindingAsync(created.Key.Id, binding.Id, CancellationToken.None), Is.EqualTo(BindingRemoval.NotFound));
        Assert.That(await Database.Keys.RemoveBindingAsync(Guid.NewGuid(), second.Id, CancellationToken.None), Is.EqualTo(BindingRemoval.NotFound),
            "a binding is removed only through its own key");

        Assert.That(await Database.Keys.DeleteAsync(created.Key.Id, CancellationToken.None), Is.True);
        Assert.That(await Database.ScalarAsync<long>("select count(*) from api_key_bindings where key_id = $1", created.Key.Id), Is.Zero);
        Assert.That(await Database.Keys.GetAsync(created.Key.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_binding_must_name_an_organization_team_or_environment()
    {
        await AsyncAssert.ThrowsAsync<ArgumentException>(() =>
            Database.Keys.CreateAsync(new NewApiKey("global", [new ApiKeyBindingSpec(Scope.Global, [])]), CancellationToken.None));
    }

    [Test]
    public async Task The_database_rejects_a_binding_with_two_scopes_or_a_non_positive_limit()
    {
        var created = await Database.Keys.CreateAsync(new NewApiKey("raw", []), CancellationToken.None);

        var twoScopes = await AsyncAssert.ThrowsAsync<Npgsql.PostgresException>(() => Database.ExecuteAsync(
            "insert into api_key_bindings (key_id, org_id, team_id) values ($1, $2, $3)", created.Key.Id, Org.Id, Team.Id));
        Assert.That(twoScopes!.ConstraintName, Is.EqualTo("api_key_bindings_exactly_one_scope"));
        var zeroRpm = await AsyncAssert.ThrowsAsync<DataConstraintException>(() => Database.Keys.AddBindingAsync(
            created.Key.Id, new ApiKeyBindingSpec(Scope.ForOrganization(Org.Id), [], RpmLimit: 0), CancellationToken.None));
        Assert.That(zeroRpm!.Constraint, Is.EqualTo("api_key_bindings_rpm_positive"));
    }

    [Test]
    public async Task Touching_last_used_in_a_batch_keeps_the_latest_time()
    {
        var first = await Database.Keys.CreateAsync(new NewApiKey("t1", []), CancellationToken.None);
        var second = await Database.Keys.CreateAsync(new NewApiKey("t2", []), CancellationToken.None);
        var later = DateTimeOffset.UtcNow.AddMinutes(1);
        var earlier = later.AddMinutes(-5);

        var updated = await Database.Keys.TouchLastUsedAsync(new Dictionary<Guid, DateTimeOffset> { [first.Key.Id] = later, [second.Key.Id] = earlier }, CancellationToken.None);
        var ignored = await Database.Keys.TouchLastUsedAsync(new Dictionary<Guid, DateTimeOffset> { [first.Key.Id] = earlier }, CancellationToken.None);

        Assert.That((updated, ignored), Is.EqualTo((2, 0)));
        Assert.That((await Database.Keys.GetAsync(first.Key.Id, CancellationToken.None))!.LastUsedAt, Is.EqualTo(later).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That((await Database.Keys.GetAsync(second.Key.Id, CancellationToken.None))!.LastUsedAt, Is.EqualTo(earlier).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task Keys_list_pages_through_all_keys()
    {
        for (var index = 0; index < 3; index++)
        {
            await Database.Keys.CreateAsync(new NewApiKey($"list-{index}", []), CancellationToken.None);
        }

        var all = new List<ApiKeyRecord>();
        var page = await Database.Keys.ListAsync(new PageRequest(2), CancellationToken.None);
        all.AddRange(page.Items);
        while (page.NextCursor is not null)
        {
            page = await Database.Keys.ListAsync(new PageRequest(2, page.NextCursor), CancellationToken.None);
            all.AddRange(page.Items);
        }

        Assert.That(all.Select(key => key.Id), Is.Unique);
        Assert.That(all.Count, Is.EqualTo(await Database.ScalarAsync<long>("select count(*) from api_keys")));
    }
}
