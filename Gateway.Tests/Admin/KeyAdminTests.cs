namespace Gateway.Tests.Admin;

/// <summary>API keys: the secret shown once (create, rotate), never again; revoke, rotate, bindings, delete; the key works on /v1 at once.</summary>
[TestFixture]
public sealed class KeyAdminTests : AdminTest
{
    [Test]
    public async Task Shows_the_secret_once_with_a_warning_and_never_again()
    {
        var environment = await CreateEnvironmentAsync(await CreateTeamAsync(await CreateOrganizationAsync()));
        var created = await PostAsync("/admin/v1/keys",
            $$"""{"name":"ci","bindings":[{"scope":"environment:{{environment}}","allowed_models":["gpt-4o-mini"],"rpm_limit":60,"tpm_limit":100000,"max_concurrent":4}]}""");
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.ToString());
        var secret = created.Body["secret"]!.GetValue<string>();
        Assert.That(secret, Does.StartWith("gw-"));
        Assert.That(created.Body["warning"]!.GetValue<string>(), Does.Contain("only time"));
        var key = created.Body["key"]!;
        Assert.That(key["prefix"]!.GetValue<string>(), Is.EqualTo(secret[..8]));
        Assert.That(key["status"]!.GetValue<string>(), Is.EqualTo("active"));
        Assert.That(key["bindings"]![0]!["allowed_models"]![0]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini"));
        Assert.That(key["bindings"]![0]!["rpm_limit"]!.GetValue<int>(), Is.EqualTo(60));
        Assert.That(key["bindings"]![0]!["max_concurrent"]!.GetValue<int>(), Is.EqualTo(4));
        var id = key["id"]!.ToString();

        var read = await GetAsync($"/admin/v1/keys/{id}");
        Assert.That(read.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(read.Text, Does.Not.Contain(secret).And.Not.Contain("\"secret\""));
        var list = await GetAsync("/admin/v1/keys");
        Assert.That(list.Text, Does.Not.Contain(secret));
        Assert.That(list.Body["data"]!.AsArray().Select(k => k!["id"]!.ToString()), Does.Contain(id));
        var stored = await Database.ScalarAsync<string>("select row_to_json(k)::text from api_keys k where id = $1", Guid.Parse(id));
        Assert.That(stored, Does.Not.Contain(secret), "only the hash and prefix are stored");
    }

    [Test]
    public async Task A_new_key_works_at_once_and_stops_when_revoked()
    {
        var org = await CreateOrganizationAsync();
        var (secret, id) = await CreateKeyAsync($"org:{org}", isAdmin: false);
        Assert.That(await ModelsStatusAsync(secret), Is.EqualTo(HttpStatusCode.OK));

        var revoked = await PostAsync($"/admin/v1/keys/{id}/revoke", "");
        Assert.That(revoked.Status, Is.EqualTo(HttpStatusCode.OK), revoked.ToString());
        Assert.That(revoked.Body["status"]!.GetValue<string>(), Is.EqualTo("revoked"));
        Assert.That(revoked.Body["revoked_at"], Is.Not.Null);
        await EventuallyAsync(async () => await ModelsStatusAsync(secret) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2));
        AssertError(await PostAsync($"/admin/v1/keys/{id}/revoke", ""), HttpStatusCode.Conflict);
        AssertError(await PostAsync($"/admin/v1/keys/{id}/rotate", ""), HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Rotates_a_key_returning_the_new_secret_once()
    {
        var org = await CreateOrganizationAsync();
        var (oldSecret, id) = await CreateKeyAsync($"org:{org}", isAdmin: false, name: "rotating");
        var rotated = await PostAsync($"/admin/v1/keys/{id}/rotate", "");
        Assert.That(rotated.Status, Is.EqualTo(HttpStatusCode.Created), rotated.ToString());
        var newSecret = rotated.Body["secret"]!.GetValue<string>();
        Assert.That(newSecret, Is.Not.EqualTo(oldSecret));
        Assert.That(rotated.Body["warning"], Is.Not.Null);
        var successor = rotated.Body["key"]!;
        Assert.That(successor["name"]!.GetValue<string>(), Is.EqualTo("rotating"));
        Assert.That(successor["bindings"]![0]!["scope"]!.GetValue<string>(), Is.EqualTo($"org:{org}"), "bindings carry over");

        Assert.That(await ModelsStatusAsync(newSecret), Is.EqualTo(HttpStatusCode.OK));
        await EventuallyAsync(async () => await ModelsStatusAsync(oldSecret) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2));
        Assert.That((await GetAsync($"/admin/v1/keys/{successor["id"]}")).Text, Does.Not.Contain(newSecret));
    }

    [Test]
    public async Task Adds_and_removes_bindings_and_deletes_a_key()
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var (_, id) = await CreateKeyAsync($"org:{org}", isAdmin: false);
        var added = await PostAsync($"/admin/v1/keys/{id}/bindings", $$"""{"scope":"team:{{team}}","is_admin":true,"allowed_models":["a","b"]}""");
        Assert.That(added.Status, Is.EqualTo(HttpStatusCode.Created), added.ToString());
        Assert.That(added.Body["object"]!.GetValue<string>(), Is.EqualTo("api_key_binding"));
        Assert.That(added.Body["is_admin"]!.GetValue<bool>(), Is.True);
        Assert.That(added.Body["organization_id"]!.ToString(), Is.EqualTo(org));
        Assert.That((await GetAsync($"/admin/v1/keys/{id}")).Body["bindings"]!.AsArray(), Has.Count.EqualTo(2));

        var binding = added.Body["id"]!.ToString();
        Assert.That((await DeleteAsync($"/admin/v1/keys/{id}/bindings/{binding}")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync($"/admin/v1/keys/{id}")).Body["bindings"]!.AsArray(), Has.Count.EqualTo(1));
        AssertError(await DeleteAsync($"/admin/v1/keys/{id}/bindings/{binding}"), HttpStatusCode.NotFound);

        Assert.That((await DeleteAsync($"/admin/v1/keys/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/keys/{id}"), HttpStatusCode.NotFound);
    }

    [TestCase("""{"bindings":[]}""", "name")]
    [TestCase("""{"name":"k","expires_at":"2001-01-01T00:00:00Z"}""", "expires_at")]
    [TestCase("""{"name":"k","bindings":[{"scope":"global"}]}""", "bindings[0].scope")]
    [TestCase("""{"name":"k","bindings":[{"scope":"org:00000000-0000-0000-0000-000000000000","rpm_limit":0}]}""", "bindings[0].rpm_limit")]
    [TestCase("""{"name":"k","bindings":[{"scope":"org:00000000-0000-0000-0000-000000000000","max_concurrent":0}]}""", "bindings[0].max_concurrent")]
    [TestCase("""{"name":"k","bindings":[{"scope":"org:00000000-0000-0000-0000-000000000000","allowed_models":["ok",""]}]}""", "bindings[0].allowed_models[1]")]
    [TestCase("""{"name":"k","bindings":[{"scope":"org:00000000-0000-0000-0000-000000000000","is_admin":1}]}""", "bindings[0].is_admin")]
    public async Task Names_the_field_of_an_invalid_key(string body, string param) =>
        AssertError(await PostAsync("/admin/v1/keys", body), HttpStatusCode.BadRequest, param);

    [Test]
    public async Task Answers_404_for_a_binding_to_a_scope_that_does_not_exist() =>
        AssertError(await PostAsync("/admin/v1/keys", $$"""{"name":"k","bindings":[{"scope":"team:{{Guid.NewGuid()}}"}]}"""), HttpStatusCode.NotFound, "bindings[0].scope");

    private async Task<HttpStatusCode> ModelsStatusAsync(string key)
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.GetAsync("/v1/models");
        return response.StatusCode;
    }
}
