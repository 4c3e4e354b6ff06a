namespace Gateway.Tests.Admin;

/// <summary>
/// Two tenants, each with its own organization admin: neither can learn which ids the other has. For every admin
/// entity, and for scopes and subjects named in bodies and queries, an id of the other tenant gets the very same answer
/// as an id that does not exist at all (403, word for word); only a global admin is told that an id does not exist (404).
/// </summary>
[TestFixture]
public sealed class AdminTenantIsolationTests : AdminTest
{
    private Tenant _mine = null!;
    private Tenant _theirs = null!;
    private string _admin = null!;

    [OneTimeSetUp]
    public async Task CreateTenantsAsync()
    {
        _mine = await CreateTenantAsync();
        _theirs = await CreateTenantAsync();
        _admin = _mine.Admin;
    }

    [Test]
    public async Task Another_tenants_ids_in_the_path_answer_as_ids_that_do_not_exist()
    {
        var paths = new (HttpMethod Method, string Path, string? Body, string TheirId, string Fake)[]
        {
            (HttpMethod.Get, "/admin/v1/organizations/{id}", null, _theirs.Org, Guid.NewGuid().ToString()),
            (HttpMethod.Put, "/admin/v1/organizations/{id}", """{"name":"x"}""", _theirs.Org, Guid.NewGuid().ToString()),
            (HttpMethod.Get, "/admin/v1/organizations/{id}/teams", null, _theirs.Org, Guid.NewGuid().ToString()),
            (HttpMethod.Post, "/admin/v1/organizations/{id}/teams", """{"name":"x"}""", _theirs.Org, Guid.NewGuid().ToString()),
            (HttpMethod.Get, "/admin/v1/teams/{id}", null, _theirs.Team, Guid.NewGuid().ToString()),
            (HttpMethod.Put, "/admin/v1/teams/{id}", """{"name":"x"}""", _theirs.Team, Guid.NewGuid().ToString()),
            (HttpMethod.Delete, "/admin/v1/teams/{id}", null, _theirs.Team, Guid.NewGuid().ToString()),
            (HttpMethod.Get, "/admin/v1/teams/{id}/environments", null, _theirs.Team, Guid.NewGuid().ToString()),
            (HttpMethod.Get, "/admin/v1/environments/{id}", null, _theirs.Environment, Guid.NewGuid().ToString()),
            (HttpMethod.Delete, "/admin/v1/environments/{id}", null, _theirs.Environment, Guid.NewGuid().ToString()),
            (HttpMethod.Get, "/admin/v1/providers/{id}", null, _theirs.Provider, Unique("no-such")),
            (HttpMethod.Put, "/admin/v1/providers/{id}", """{"kind":"openai","base_url":"https://x.example/v1","scope":"org:00000000-0000-0000-0000-000000000000"}""", _theirs.Provider, Unique("no-such")),
            (HttpMethod.Delete, "/admin/v1/providers/{id}", null, _theirs.Provider, Unique("no-such")),
            (HttpMethod.Put, "/admin/v1/providers/{id}/credential", """{"credential":"sk-x"}""", _theirs.Provider, Unique("no-such")),
            (HttpMethod.Get, "/admin/v1/providers/{id}/models", null, _theirs.Provider, Unique("no-such")),
            (HttpMethod.Get, "/admin/v1/providers/{id}/models/m", null, _theirs.Provider, Unique("no-such")),
            (HttpMethod.Get, "/admin/v1/aliases/{id}", null, _theirs.Alias, Guid.NewGuid().ToString()),
            (HttpMethod.Delete, "/admin/v1/aliases/{id}", null, _theirs.Alias, Guid.NewGuid().ToString()),
            (HttpMethod.Get, "/admin/v1/routing-policies/{id}", null, _theirs.Policy, Guid.NewGuid().ToString()),
            (HttpMethod.Delete, "/admin/v1/routing-policies/{id}", null, _theirs.Policy, Guid.NewGuid().ToString()),
            (HttpMethod.Get, "/admin/v1/quotas/{id}", null, _theirs.Quota, Guid.NewGuid().ToString()),
            (HttpMethod.Put, "/admin/v1/quotas/{id}", """{"limit":5}""", _theirs.Quota, Guid.NewGuid().ToString()),
            (HttpMethod.Get, "/admin/v1/keys/{id}", null, _theirs.Key, Guid.NewGuid().ToString()),
            (HttpMethod.Post, "/admin/v1/keys/{id}/revoke", "", _theirs.Key, Guid.NewGuid().ToString()),
            (HttpMethod.Post, "/admin/v1/keys/{id}/rotate", "", _theirs.Key, Guid.NewGuid().ToString()),
            (HttpMethod.Post, "/admin/v1/keys/{id}/bindings", $$"""{"scope":"org:{{_mine.Org}}"}""", _theirs.Key, Guid.NewGuid().ToString()),
            (HttpMethod.Delete, "/admin/v1/keys/{id}", null, _theirs.Key, Guid.NewGuid().ToString()),
        };
        foreach (var (method, path, body, theirId, fake) in paths)
        {
            await AssertSameAnswerAsync(id => SendAsync(method, path.Replace("{id}", id, StringComparison.Ordinal), body, _admin), theirId, fake, $"{method} {path}");
        }
    }

    [Test]
    public async Task Another_tenants_scopes_and_subjects_in_bodies_and_queries_answer_as_ones_that_do_not_exist()
    {
        var fakeOrg = Guid.NewGuid().ToString();
        var fakeTeam = Guid.NewGuid().ToString();
        var cases = new (Func<string, Task<AdminResponse>> Call, string TheirId, string Fake, string What)[]
        {
            (id => GetAsync($"/admin/v1/aliases?scope=org:{id}", _admin), _theirs.Org, fakeOrg, "list by scope"),
            (id => GetAsync($"/admin/v1/keys?scope=team:{id}", _admin), _theirs.Team, fakeTeam, "list keys by scope"),
            (id => PostAsync("/admin/v1/aliases", $$"""{"scope":"org:{{id}}","name":"a","targets":[{"provider":"p","model":"m"}]}""", _admin), _theirs.Org, fakeOrg, "alias scope"),
            (id => PostAsync("/admin/v1/routing-policies", $$"""{"scope":"team:{{id}}","name":"p","type":"cost"}""", _admin), _theirs.Team, fakeTeam, "policy scope"),
            (id => PostAsync("/admin/v1/providers", $$"""{"id":"{{Unique("p")}}","kind":"openai","base_url":"https://x.example/v1","scope":"org:{{id}}"}""", _admin), _theirs.Org, fakeOrg, "provider scope"),
            (id => PostAsync("/admin/v1/keys", $$"""{"name":"k","bindings":[{"scope":"team:{{id}}"}]}""", _admin), _theirs.Team, fakeTeam, "key binding scope"),
            (id => PostAsync("/admin/v1/quotas", $$"""{"subject_kind":"team","subject_id":"{{id}}","metric":"requests","window":"day","limit":1}""", _admin), _theirs.Team, fakeTeam, "quota subject"),
            (id => GetAsync($"/admin/v1/quotas?subject_kind=key&subject_id={id}", _admin), _theirs.Key, Guid.NewGuid().ToString(), "quota list by key"),
        };
        foreach (var (call, theirId, fake, what) in cases)
        {
            await AssertSameAnswerAsync(call, theirId, fake, what);
        }
    }

    [Test]
    public async Task An_alias_target_naming_another_tenants_provider_answers_as_one_naming_no_provider()
    {
        var fake = Unique("no-such");

        var theirs = await PostAsync("/admin/v1/aliases", $$"""{"scope":"org:{{_mine.Org}}","name":"a","targets":[{"provider":"{{_theirs.Provider}}","model":"m"}]}""", _admin);
        var none = await PostAsync("/admin/v1/aliases", $$"""{"scope":"org:{{_mine.Org}}","name":"a","targets":[{"provider":"{{fake}}","model":"m"}]}""", _admin);

        Assert.That(theirs.Status, Is.EqualTo(HttpStatusCode.BadRequest), theirs.ToString());
        Assert.That(theirs.Text.Replace(_theirs.Provider, "{id}", StringComparison.Ordinal), Is.EqualTo(none.Text.Replace(fake, "{id}", StringComparison.Ordinal)));
    }

    [Test]
    public async Task A_global_admin_is_told_that_an_id_does_not_exist()
    {
        AssertError(await GetAsync($"/admin/v1/teams/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        AssertError(await GetAsync($"/admin/v1/providers/{Unique("no-such")}"), HttpStatusCode.NotFound);
        AssertError(await GetAsync($"/admin/v1/aliases?scope=org:{Guid.NewGuid()}"), HttpStatusCode.NotFound, "scope");
        Assert.That((await GetAsync($"/admin/v1/teams/{_theirs.Team}", _theirs.Admin)).Status, Is.EqualTo(HttpStatusCode.OK), "each admin sees its own");
    }

    private static async Task AssertSameAnswerAsync(Func<string, Task<AdminResponse>> call, string theirId, string fake, string what)
    {
        var theirs = await call(theirId);
        var none = await call(fake);
        Assert.That(theirs.Status, Is.EqualTo(HttpStatusCode.Forbidden), $"{what}: {theirs}");
        Assert.That(theirs.Text.Replace(theirId, "{id}", StringComparison.Ordinal), Is.EqualTo(none.Text.Replace(fake, "{id}", StringComparison.Ordinal)), what);
    }

    private async Task<Tenant> CreateTenantAsync()
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var environment = await CreateEnvironmentAsync(team);
        var provider = Unique("tenant");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{provider}}","kind":"openai","base_url":"https://llm.example.com/v1","scope":"org:{{org}}"}""");
        await CreateAsync($"/admin/v1/providers/{provider}/models", """{"model":"m"}""");
        var alias = (await CreateAsync("/admin/v1/aliases", $$"""{"scope":"org:{{org}}","name":"chat","targets":[{"provider":"{{provider}}","model":"m"}]}"""))["id"]!.ToString();
        var policy = (await CreateAsync("/admin/v1/routing-policies", $$"""{"scope":"team:{{team}}","name":"p","type":"cost"}"""))["id"]!.ToString();
        var quota = (await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"environment","subject_id":"{{environment}}","metric":"requests","window":"day","limit":10}"""))["id"]!.ToString();
        var (_, key) = await CreateKeyAsync($"environment:{environment}", isAdmin: false);
        var (admin, _) = await CreateKeyAsync($"org:{org}", isAdmin: true);
        return new Tenant(org, team, environment, provider, alias, policy, quota, key, admin);
    }

    private sealed record Tenant(string Org, string Team, string Environment, string Provider, string Alias, string Policy, string Quota, string Key, string Admin);
}
