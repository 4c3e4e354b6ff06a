namespace Gateway.Tests.Admin;

/// <summary>Providers: CRUD, a write-only credential that is stored encrypted and never returned, and field validation.</summary>
[TestFixture]
public sealed class ProviderAdminTests : AdminTest
{
    private const string Credential = "sk-live-provider-secret-0123456789";

    protected override string ExtraGatewayConfig => """
        "Providers": { "config-openai": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:9/v1" } },
        """;

    [Test]
    public async Task Creates_reads_lists_replaces_and_deletes_a_provider()
    {
        var id = Unique("prov");
        var created = await CreateAsync("/admin/v1/providers",
            $$$"""{"id":"{{{id}}}","kind":"anthropic","base_url":"https://api.anthropic.com","scope":"global","settings":{"AnthropicVersion":"2023-06-01"}}""");
        Assert.That(created["object"]!.GetValue<string>(), Is.EqualTo("provider"));
        Assert.That(created["has_credential"]!.GetValue<bool>(), Is.False);
        Assert.That(created["enabled"]!.GetValue<bool>(), Is.True);
        Assert.That(created["settings"]!["AnthropicVersion"]!.GetValue<string>(), Is.EqualTo("2023-06-01"));

        Assert.That((await GetAsync($"/admin/v1/providers/{id}")).Body["kind"]!.GetValue<string>(), Is.EqualTo("anthropic"));
        Assert.That((await GetAsync("/admin/v1/providers?scope=global")).Body["data"]!.AsArray().Select(p => p!["id"]!.ToString()), Does.Contain(id));

        var replaced = await PutAsync($"/admin/v1/providers/{id}", """{"kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"global","region":"eu","enabled":false}""");
        Assert.That(replaced.Status, Is.EqualTo(HttpStatusCode.OK), replaced.ToString());
        Assert.That(replaced.Body["region"]!.GetValue<string>(), Is.EqualTo("eu"));
        Assert.That(replaced.Body["enabled"]!.GetValue<bool>(), Is.False);

        Assert.That((await DeleteAsync($"/admin/v1/providers/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/providers/{id}"), HttpStatusCode.NotFound);
        AssertError(await PostAsync("/admin/v1/providers", """{"id":"config-openai","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"global"}"""),
            HttpStatusCode.Conflict, "id");
    }

    [Test]
    public async Task Never_returns_the_credential_and_stores_it_encrypted()
    {
        var id = Unique("secret");
        var created = await PostAsync("/admin/v1/providers", $$"""{"id":"{{id}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"global","credential":"{{Credential}}"}""");
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.ToString());
        Assert.That(created.Body["has_credential"]!.GetValue<bool>(), Is.True);
        Assert.That(created.Body["credential_key_id"]!.GetValue<string>(), Is.EqualTo("k1"));
        Assert.That(created.Text, Does.Not.Contain(Credential));
        Assert.That((await GetAsync($"/admin/v1/providers/{id}")).Text, Does.Not.Contain(Credential));
        Assert.That((await GetAsync("/admin/v1/providers")).Text, Does.Not.Contain(Credential));

        var ciphertext = await Database.ScalarAsync<byte[]>("select credential_ciphertext from providers where id = $1", id);
        Assert.That(ciphertext, Is.Not.Null.And.Not.Empty);
        Assert.That(Encoding.UTF8.GetString(ciphertext!), Does.Not.Contain(Credential));
        var rowText = await Database.ScalarAsync<string>("select row_to_json(p)::text from providers p where id = $1", id);
        Assert.That(rowText, Does.Not.Contain(Credential), "no column holds the plaintext");
    }

    [Test]
    public async Task Replaces_and_removes_the_credential_through_its_own_route()
    {
        var id = Unique("cred");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{id}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"global"}""");
        var before = await Database.ScalarAsync<byte[]>("select credential_ciphertext from providers where id = $1", id);
        Assert.That(before, Is.Null);

        var set = await PutAsync($"/admin/v1/providers/{id}/credential", $$"""{"credential":"{{Credential}}"}""");
        Assert.That(set.Status, Is.EqualTo(HttpStatusCode.OK), set.ToString());
        Assert.That(set.Body["has_credential"]!.GetValue<bool>(), Is.True);
        Assert.That(set.Text, Does.Not.Contain(Credential));

        var kept = await PutAsync($"/admin/v1/providers/{id}", """{"kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"global","region":"eu"}""");
        Assert.That(kept.Body["has_credential"]!.GetValue<bool>(), Is.True, "replacing the fields at the same URL keeps the credential");

        var removed = await DeleteAsync($"/admin/v1/providers/{id}/credential");
        Assert.That(removed.Body["has_credential"]!.GetValue<bool>(), Is.False, removed.ToString());
        Assert.That(await Database.ScalarAsync<byte[]>("select credential_ciphertext from providers where id = $1", id), Is.Null);
        AssertError(await PutAsync($"/admin/v1/providers/{id}/credential", """{"credential":""}"""), HttpStatusCode.BadRequest, "credential");
        AssertError(await PutAsync($"/admin/v1/providers/{Unique("none")}/credential", """{"credential":"x"}"""), HttpStatusCode.NotFound);
    }

    [TestCase("""{"kind":"openai","base_url":"http://x/v1","scope":"global"}""", "id")]
    [TestCase("""{"id":"Upper","kind":"openai","base_url":"http://x/v1","scope":"global"}""", "id")]
    [TestCase("""{"id":"ok","kind":"not-a-kind","base_url":"http://x/v1","scope":"global"}""", "kind")]
    [TestCase("""{"id":"ok","kind":"openai","base_url":"ftp://x/v1","scope":"global"}""", "base_url")]
    [TestCase("""{"id":"ok","kind":"openai","base_url":"not a url","scope":"global"}""", "base_url")]
    [TestCase("""{"id":"ok","kind":"openai","base_url":"http://x/v1","scope":"planet:1"}""", "scope")]
    [TestCase("""{"id":"ok","kind":"openai","base_url":"http://x/v1"}""", "scope")]
    [TestCase("""{"id":"ok","kind":"openai","base_url":"http://x/v1","scope":"global","settings":[1]}""", "settings")]
    [TestCase("""{"id":"ok","kind":"openai","base_url":"http://x/v1","scope":"global","settings":{"SecretAccessKey":"x"}}""", "settings.SecretAccessKey")]
    [TestCase("""{"id":"ok","kind":"openai","base_url":"http://x/v1","scope":"global","settings":{"a":"x\u0000y"}}""", "settings.a")]
    [TestCase("""{"id":"ok","kind":"openai","base_url":"http://x/v1","scope":"global","enabled":"true"}""", "enabled")]
    public async Task Names_the_field_of_an_invalid_provider(string body, string param) =>
        AssertError(await PostAsync("/admin/v1/providers", body), HttpStatusCode.BadRequest, param);

    [Test]
    public async Task Answers_404_for_a_scope_that_does_not_exist()
    {
        AssertError(await PostAsync("/admin/v1/providers", $$"""{"id":"{{Unique("p")}}","kind":"openai","base_url":"http://x/v1","scope":"org:{{Guid.NewGuid()}}"}"""),
            HttpStatusCode.NotFound, "scope");
    }
}
