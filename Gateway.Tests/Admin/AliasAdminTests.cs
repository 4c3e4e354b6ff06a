namespace Gateway.Tests.Admin;

/// <summary>Model aliases: CRUD, targets checked field by field and against the providers the alias's scope may use, and live rerouting.</summary>
[TestFixture]
public sealed class AliasAdminTests : AdminTest
{
    private FakeProvider _upstream = null!;
    private string _provider = null!;

    protected override string ExtraGatewayConfig => """
        "Providers": { "config-provider": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:9/v1" } },
        "Models": { "config-alias": { "Targets": [ { "Provider": "config-provider", "Model": "m" } ] } },
        """;

    [OneTimeSetUp]
    public async Task CreateProviderAsync()
    {
        _upstream = FakeProvider.AnsweringChats();
        _provider = Unique("upstream");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{_provider}}","kind":"openai","base_url":"{{_upstream.Url}}/v1","scope":"global","credential":"sk-upstream"}""");
    }

    [OneTimeTearDown]
    public void StopUpstream() => _upstream.Dispose();

    [Test]
    public async Task Creates_reads_lists_replaces_and_deletes_an_alias()
    {
        var org = await CreateOrganizationAsync();
        var name = Unique("chat");
        var created = await CreateAsync("/admin/v1/aliases",
            $$"""{"scope":"org:{{org}}","name":"{{name}}","strategy":"weighted","targets":[{"provider":"{{_provider}}","model":"a","weight":3},{"provider":"config-provider","model":"b"}]}""");
        Assert.That(created["object"]!.GetValue<string>(), Is.EqualTo("model_alias"));
        Assert.That(created["scope"]!.GetValue<string>(), Is.EqualTo($"org:{org}"));
        Assert.That(created["strategy"]!.GetValue<string>(), Is.EqualTo("weighted"));
        Assert.That(created["targets"]![0]!["weight"]!.GetValue<decimal>(), Is.EqualTo(3m));
        var id = created["id"]!.ToString();

        Assert.That((await GetAsync($"/admin/v1/aliases/{id}")).Body["name"]!.GetValue<string>(), Is.EqualTo(name));
        Assert.That((await GetAsync($"/admin/v1/aliases?scope=org:{org}")).Body["data"]!.AsArray().Select(a => a!["id"]!.ToString()), Is.EqualTo(new[] { id }));
        var replaced = await PutAsync($"/admin/v1/aliases/{id}", $$"""{"scope":"org:{{org}}","name":"{{name}}","targets":[{"provider":"{{_provider}}","model":"c"}]}""");
        Assert.That(replaced.Body["strategy"]!.GetValue<string>(), Is.EqualTo("failover"), replaced.ToString());
        AssertError(await PostAsync("/admin/v1/aliases", $$"""{"scope":"org:{{org}}","name":"{{name}}","targets":[{"provider":"{{_provider}}","model":"c"}]}"""),
            HttpStatusCode.Conflict, "name");
        Assert.That((await DeleteAsync($"/admin/v1/aliases/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/aliases/{id}"), HttpStatusCode.NotFound);
    }

    [TestCase("""{"scope":"global","name":"x","targets":[]}""", "targets")]
    [TestCase("""{"scope":"global","name":"has space","targets":[{"provider":"p","model":"m"}]}""", "name")]
    [TestCase("""{"scope":"global","name":"x","strategy":"random","targets":[{"provider":"p","model":"m"}]}""", "strategy")]
    [TestCase("""{"scope":"global","name":"x","targets":[{"provider":"config-provider","model":"m"},{"model":"m"}]}""", "targets[1].provider")]
    [TestCase("""{"scope":"global","name":"x","targets":[{"provider":"config-provider","model":"m"},{"provider":"no-such-provider","model":"m"}]}""", "targets[1].provider")]
    [TestCase("""{"scope":"global","name":"x","targets":[{"provider":"config-provider","model":""}]}""", "targets[0].model")]
    [TestCase("""{"scope":"global","name":"x","targets":[{"provider":"config-provider","model":"m","weight":-1}]}""", "targets[0].weight")]
    [TestCase("""{"scope":"global","name":"x","targets":[{"provider":"config-provider","model":"m","weight":"heavy"}]}""", "targets[0].weight")]
    [TestCase("""{"scope":"global","name":"x","targets":[null]}""", "targets[0]")]
    [TestCase("""{"scope":"global","name":"x","targets":{"provider":"p"}}""", "targets")]
    [TestCase("""{"scope":"global","name":"config-alias","targets":[{"provider":"config-provider","model":"m"}]}""", "name")]
    public async Task Names_the_field_of_an_invalid_alias(string body, string param)
    {
        var response = await PostAsync("/admin/v1/aliases", body);
        Assert.That((int)response.Status, Is.AnyOf(400, 409), response.ToString());
        Assert.That(response.ErrorParam, Is.EqualTo(param), response.ToString());
    }

    [Test]
    public async Task Refuses_a_target_provider_the_alias_scope_cannot_use()
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var otherOrg = await CreateOrganizationAsync();
        var foreign = Unique("foreign");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{foreign}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"org:{{otherOrg}}"}""");
        var teamProvider = Unique("teamprov");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{teamProvider}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"team:{{team}}"}""");

        AssertError(await PostAsync("/admin/v1/aliases", $$"""{"scope":"org:{{org}}","name":"x","targets":[{"provider":"{{foreign}}","model":"m"}]}"""),
            HttpStatusCode.BadRequest, "targets[0].provider");
        AssertError(await PostAsync("/admin/v1/aliases", $$"""{"scope":"org:{{org}}","name":"x","targets":[{"provider":"{{teamProvider}}","model":"m"}]}"""),
            HttpStatusCode.BadRequest, "targets[0].provider");
        await CreateAsync("/admin/v1/aliases", $$"""{"scope":"team:{{team}}","name":"x","targets":[{"provider":"{{teamProvider}}","model":"m"}]}""");
    }

    [Test]
    public async Task Refuses_to_move_a_provider_out_of_sight_of_an_alias_that_uses_it()
    {
        var org = await CreateOrganizationAsync();
        var otherOrg = await CreateOrganizationAsync();
        var shared = Unique("shared");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{shared}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"global"}""");
        await CreateAsync("/admin/v1/aliases", $$"""{"scope":"org:{{otherOrg}}","name":"uses-shared","targets":[{"provider":"{{shared}}","model":"m"}]}""");

        var moved = await PutAsync($"/admin/v1/providers/{shared}", $$"""{"kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"org:{{org}}"}""");
        AssertError(moved, HttpStatusCode.Conflict, "scope");
        Assert.That(moved.ErrorCode, Is.EqualTo("provider_in_use"));
        var movedToUser = await PutAsync($"/admin/v1/providers/{shared}", $$"""{"kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"org:{{otherOrg}}"}""");
        Assert.That(movedToUser.Status, Is.EqualTo(HttpStatusCode.OK), "moving it to the alias's own organization keeps it in sight");
    }

    [Test]
    public async Task Routes_through_an_alias_as_soon_as_it_is_written_and_changed()
    {
        var name = Unique("live");
        var id = (await CreateAsync("/admin/v1/aliases", $$"""{"scope":"global","name":"{{name}}","targets":[{"provider":"{{_provider}}","model":"first-model"}]}"""))["id"]!.ToString();
        await EventuallyAsync(async () => await ChatStatusAsync(name) == HttpStatusCode.OK, TimeSpan.FromSeconds(5));
        Assert.That(_upstream.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("first-model"));

        await PutAsync($"/admin/v1/aliases/{id}", $$"""{"scope":"global","name":"{{name}}","targets":[{"provider":"{{_provider}}","model":"second-model"}]}""");
        await EventuallyAsync(async () => await ChatStatusAsync(name) == HttpStatusCode.OK && _upstream.LastBody()["model"]!.GetValue<string>() == "second-model",
            TimeSpan.FromSeconds(5));

        await DeleteAsync($"/admin/v1/aliases/{id}");
        await EventuallyAsync(async () => await ChatStatusAsync(name) == HttpStatusCode.NotFound, TimeSpan.FromSeconds(5));
    }

    private async Task<HttpStatusCode> ChatStatusAsync(string model)
    {
        using var response = await Gateway.PostChatAsync(GatewayHost.HiChatBody(model));
        return response.StatusCode;
    }
}
