namespace Gateway.Tests.Admin;

/// <summary>
/// What a scoped admin key may do: an organization admin manages its organization's teams, environments, providers,
/// aliases, policies, keys and quotas; a team admin its team's; neither reaches another tenant or global things, and
/// a container (and its quotas) is created and deleted from above.
/// </summary>
[TestFixture]
public sealed class AdminScopeTests : AdminTest
{
    private string _org = null!;
    private string _team = null!;
    private string _environment = null!;
    private string _otherOrg = null!;
    private string _otherTeam = null!;
    private string _orgAdmin = null!;
    private string _teamAdmin = null!;

    [OneTimeSetUp]
    public async Task CreateTenantsAsync()
    {
        (_org, _team, _orgAdmin, _teamAdmin) = await CreateOrganizationAndTeamAdminsAsync();
        _environment = await CreateEnvironmentAsync(_team);
        _otherOrg = await CreateOrganizationAsync();
        _otherTeam = await CreateTeamAsync(_otherOrg);
    }

    [Test]
    public async Task An_organization_admin_manages_its_organization_but_not_the_list_of_organizations()
    {
        Assert.That((await GetAsync($"/admin/v1/organizations/{_org}", _orgAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PutAsync($"/admin/v1/organizations/{_org}", $$"""{"name":"{{Unique("mine")}}"}""", _orgAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync("/admin/v1/organizations", _orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await PostAsync("/admin/v1/organizations", """{"name":"new-one"}""", _orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await DeleteAsync($"/admin/v1/organizations/{_org}", _orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await GetAsync($"/admin/v1/organizations/{_otherOrg}", _orgAdmin), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task An_organization_admin_manages_teams_and_environments_of_its_organization_only()
    {
        var team = (await CreateAsync($"/admin/v1/organizations/{_org}/teams", $$"""{"name":"{{Unique("t")}}"}""", _orgAdmin))["id"]!.ToString();
        Assert.That((await GetAsync($"/admin/v1/organizations/{_org}/teams", _orgAdmin)).Body["data"]!.AsArray(), Has.Count.GreaterThanOrEqualTo(2));
        var environment = (await CreateAsync($"/admin/v1/teams/{team}/environments", """{"name":"prod"}""", _orgAdmin))["id"]!.ToString();
        Assert.That((await DeleteAsync($"/admin/v1/environments/{environment}", _orgAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await DeleteAsync($"/admin/v1/teams/{team}", _orgAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));

        AssertError(await PostAsync($"/admin/v1/organizations/{_otherOrg}/teams", """{"name":"x"}""", _orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await GetAsync($"/admin/v1/teams/{_otherTeam}", _orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await PostAsync($"/admin/v1/teams/{_otherTeam}/environments", """{"name":"x"}""", _orgAdmin), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task A_team_admin_manages_its_team_and_its_environments_but_creates_and_deletes_no_team()
    {
        Assert.That((await GetAsync($"/admin/v1/teams/{_team}", _teamAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PutAsync($"/admin/v1/teams/{_team}", $$"""{"name":"{{Unique("renamed")}}"}""", _teamAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));
        var environment = (await CreateAsync($"/admin/v1/teams/{_team}/environments", $$"""{"name":"{{Unique("e")}}"}""", _teamAdmin))["id"]!.ToString();
        Assert.That((await PutAsync($"/admin/v1/environments/{environment}", """{"name":"staging","store_bodies":true}""", _teamAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await DeleteAsync($"/admin/v1/environments/{environment}", _teamAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));

        AssertError(await DeleteAsync($"/admin/v1/teams/{_team}", _teamAdmin), HttpStatusCode.Forbidden);
        AssertError(await PostAsync($"/admin/v1/organizations/{_org}/teams", """{"name":"x"}""", _teamAdmin), HttpStatusCode.Forbidden);
        AssertError(await GetAsync($"/admin/v1/organizations/{_org}", _teamAdmin), HttpStatusCode.Forbidden);
        AssertError(await GetAsync($"/admin/v1/organizations/{_org}/teams", _teamAdmin), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Scoped_admins_define_providers_aliases_and_policies_within_their_scope_only()
    {
        var provider = Unique("p");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{provider}}","kind":"openai","base_url":"https://llm.example.com/v1","scope":"org:{{_org}}","credential":"sk-x"}""", _orgAdmin);
        Assert.That((await GetAsync($"/admin/v1/providers/{provider}", _teamAdmin)).Status, Is.EqualTo(HttpStatusCode.Forbidden),
            "a team admin does not manage its organization's provider");
        await CreateAsync("/admin/v1/aliases",
            $$"""{"scope":"team:{{_team}}","name":"{{Unique("a")}}","targets":[{"provider":"{{provider}}","model":"m"}]}""", _teamAdmin);
        await CreateAsync("/admin/v1/routing-policies", $$"""{"scope":"environment:{{_environment}}","name":"p","type":"cost"}""", _teamAdmin);

        AssertError(await PostAsync("/admin/v1/providers", """{"id":"global-x","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"global"}""", _orgAdmin),
            HttpStatusCode.Forbidden);
        AssertError(await PostAsync("/admin/v1/aliases", """{"scope":"global","name":"g","targets":[{"provider":"x","model":"m"}]}""", _orgAdmin),
            HttpStatusCode.Forbidden);
        AssertError(await PostAsync("/admin/v1/aliases", $$"""{"scope":"org:{{_otherOrg}}","name":"g","targets":[{"provider":"x","model":"m"}]}""", _orgAdmin),
            HttpStatusCode.Forbidden);
        AssertError(await PostAsync("/admin/v1/routing-policies", $$"""{"scope":"org:{{_org}}","name":"p","type":"cost"}""", _teamAdmin),
            HttpStatusCode.Forbidden, null);
    }

    [Test]
    public async Task Scoped_admins_must_name_a_scope_of_theirs_to_list()
    {
        AssertError(await GetAsync("/admin/v1/aliases", _orgAdmin), HttpStatusCode.BadRequest, "scope");
        AssertError(await GetAsync($"/admin/v1/aliases?scope=org:{_otherOrg}", _orgAdmin), HttpStatusCode.Forbidden);
        Assert.That((await GetAsync($"/admin/v1/aliases?scope=team:{_team}", _orgAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync($"/admin/v1/providers?scope=org:{_org}", _orgAdmin)).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/providers?scope=org:{_org}", _teamAdmin), HttpStatusCode.Forbidden);
        AssertError(await GetAsync($"/admin/v1/routing-policies?scope=team:{Guid.NewGuid()}", _teamAdmin), HttpStatusCode.Forbidden, "scope");
    }

    [Test]
    public async Task Global_things_need_a_global_admin()
    {
        AssertError(await GetAsync("/admin/v1/prices", _orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await PostAsync("/admin/v1/prices", """{"provider_id":"p","model":"m","input_per_mtok":1,"output_per_mtok":2}""", _orgAdmin),
            HttpStatusCode.Forbidden);
        AssertError(await GetAsync("/admin/v1/audit-log", _orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await GetAsync("/admin/v1/aliases?scope=global", _orgAdmin), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Scoped_admins_manage_keys_bound_within_their_scopes_only()
    {
        var created = await CreateAsync("/admin/v1/keys", $$"""{"name":"svc","bindings":[{"scope":"environment:{{_environment}}"}]}""", _teamAdmin);
        var id = created["key"]!["id"]!.ToString();
        Assert.That((await GetAsync($"/admin/v1/keys/{id}", _orgAdmin)).Status, Is.EqualTo(HttpStatusCode.OK), "inside the organization too");
        var teamKeys = (await GetAsync($"/admin/v1/keys?scope=team:{_team}", _teamAdmin)).Body["data"]!.AsArray().Select(k => k!["id"]!.ToString());
        Assert.That(teamKeys, Does.Contain(id));

        AssertError(await PostAsync("/admin/v1/keys", $$"""{"name":"x","bindings":[{"scope":"team:{{_otherTeam}}"}]}""", _orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await PostAsync("/admin/v1/keys", """{"name":"x","bindings":[]}""", _orgAdmin), HttpStatusCode.BadRequest, "bindings");
        AssertError(await PostAsync($"/admin/v1/keys/{id}/bindings", $$"""{"scope":"org:{{_otherOrg}}"}""", _teamAdmin), HttpStatusCode.Forbidden);

        // Once bound outside the team as well, the key is no longer the team admin's to manage.
        Assert.That((await PostAsync($"/admin/v1/keys/{id}/bindings", $$"""{"scope":"team:{{_otherTeam}}"}""")).Status, Is.EqualTo(HttpStatusCode.Created));
        AssertError(await PostAsync($"/admin/v1/keys/{id}/revoke", "", _teamAdmin), HttpStatusCode.Forbidden);
        var adminKeys = (await GetAsync($"/admin/v1/keys?scope=team:{_team}", _teamAdmin)).Body["data"]!.AsArray().Select(k => k!["id"]!.ToString());
        Assert.That(adminKeys, Does.Not.Contain(id));
    }

    [Test]
    public async Task Quotas_on_a_container_are_set_from_above_and_read_by_its_admins()
    {
        var teamQuota = $$"""{"subject_kind":"team","subject_id":"{{_team}}","metric":"requests","window":"day","limit":1000}""";
        AssertError(await PostAsync("/admin/v1/quotas", teamQuota, _teamAdmin), HttpStatusCode.Forbidden);
        var quota = (await CreateAsync("/admin/v1/quotas", teamQuota, _orgAdmin))["id"]!.ToString();
        Assert.That((await GetAsync($"/admin/v1/quotas/{quota}", _teamAdmin)).Status, Is.EqualTo(HttpStatusCode.OK), "the team admin sees its limit");
        AssertError(await PutAsync($"/admin/v1/quotas/{quota}", """{"limit":1000000}""", _teamAdmin), HttpStatusCode.Forbidden);
        Assert.That((await GetAsync($"/admin/v1/quotas?subject_kind=team&subject_id={_team}", _teamAdmin)).Body["data"]!.AsArray(), Has.Count.EqualTo(1));

        await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"environment","subject_id":"{{_environment}}","metric":"tokens","window":"minute","limit":5000}""", _teamAdmin);
        AssertError(await PostAsync("/admin/v1/quotas", $$"""{"subject_kind":"org","subject_id":"{{_org}}","metric":"cost","window":"month","limit":10}""", _orgAdmin),
            HttpStatusCode.Forbidden);
        AssertError(await GetAsync("/admin/v1/quotas", _teamAdmin), HttpStatusCode.BadRequest, "subject_kind");
    }
}
