namespace Gateway.Tests.Admin;

/// <summary>Teams under organizations and environments under teams: CRUD, the store_bodies flag, unknown parents.</summary>
[TestFixture]
public sealed class TeamAndEnvironmentAdminTests : AdminTest
{
    [Test]
    public async Task Creates_reads_lists_renames_and_deletes_a_team()
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateAsync($"/admin/v1/organizations/{org}/teams", """{"name":"search"}""");
        Assert.That(team["object"]!.GetValue<string>(), Is.EqualTo("team"));
        Assert.That(team["organization_id"]!.ToString(), Is.EqualTo(org));
        var id = team["id"]!.ToString();

        Assert.That((await GetAsync($"/admin/v1/teams/{id}")).Body["name"]!.GetValue<string>(), Is.EqualTo("search"));
        Assert.That((await GetAsync($"/admin/v1/organizations/{org}/teams")).Body["data"]!.AsArray().Select(t => t!["id"]!.ToString()), Is.EqualTo(new[] { id }));
        Assert.That((await PutAsync($"/admin/v1/teams/{id}", """{"name":"ranking"}""")).Body["name"]!.GetValue<string>(), Is.EqualTo("ranking"));
        AssertError(await PostAsync($"/admin/v1/organizations/{org}/teams", """{"name":"ranking"}"""), HttpStatusCode.Conflict, "name");
        Assert.That((await DeleteAsync($"/admin/v1/teams/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/teams/{id}"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Creates_reads_lists_updates_and_deletes_an_environment_with_its_store_bodies_flag()
    {
        var team = await CreateTeamAsync(await CreateOrganizationAsync());
        var environment = await CreateAsync($"/admin/v1/teams/{team}/environments", """{"name":"prod"}""");
        Assert.That(environment["store_bodies"]!.GetValue<bool>(), Is.False, "off unless asked for");
        Assert.That(environment["team_id"]!.ToString(), Is.EqualTo(team));
        var id = environment["id"]!.ToString();

        var updated = await PutAsync($"/admin/v1/environments/{id}", """{"name":"prod","store_bodies":true}""");
        Assert.That(updated.Body["store_bodies"]!.GetValue<bool>(), Is.True, updated.ToString());
        Assert.That((await GetAsync($"/admin/v1/environments/{id}")).Body["store_bodies"]!.GetValue<bool>(), Is.True);
        Assert.That((await GetAsync($"/admin/v1/teams/{team}/environments")).Body["data"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That((await DeleteAsync($"/admin/v1/environments/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/environments/{id}"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Answers_404_for_an_unknown_parent_and_400_for_a_bad_flag()
    {
        AssertError(await PostAsync($"/admin/v1/organizations/{Guid.NewGuid()}/teams", """{"name":"x"}"""), HttpStatusCode.NotFound);
        AssertError(await PostAsync($"/admin/v1/teams/{Guid.NewGuid()}/environments", """{"name":"x"}"""), HttpStatusCode.NotFound);
        AssertError(await GetAsync($"/admin/v1/teams/{Guid.NewGuid()}/environments"), HttpStatusCode.NotFound);
        var team = await CreateTeamAsync(await CreateOrganizationAsync());
        AssertError(await PostAsync($"/admin/v1/teams/{team}/environments", """{"name":"x","store_bodies":"yes"}"""), HttpStatusCode.BadRequest, "store_bodies");
    }
}
