using Gateway.Policies.Keys;
using Gateway.Proxy.Auth;

namespace Gateway.Tests.Admin;

/// <summary>
/// A database key never outlives its scope: a key without a binding is refused (401), its last binding cannot be
/// removed (409), deleting its organization, team or environment revokes it on every replica, and any change to its
/// bindings reaches the key caches at once. Rotation hands the key's own quotas to its successor.
/// </summary>
[TestFixture]
public sealed class KeyScopeLifecycleTests : AdminTest
{
    protected override string ExtraGatewayConfig => """
        "Providers": { "upstream": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:9/v1" } },
        "Models": {
          "chat": { "Targets": [ { "Provider": "upstream", "Model": "m" } ] },
          "other": { "Targets": [ { "Provider": "upstream", "Model": "n" } ] }
        },
        """;

    [Test]
    public async Task A_key_whose_bindings_are_gone_is_refused_rather_than_global()
    {
        var org = await CreateOrganizationAsync();
        var (secret, id) = await CreateKeyAsync($"org:{org}", isAdmin: false);
        // As a key left by an older version, or a binding removed by hand: never used, so not cached yet.
        await Database.ExecuteAsync("delete from api_key_bindings where key_id = $1", Guid.Parse(id));

        using var response = await ModelsAsync(secret);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Removing_a_keys_last_binding_is_refused()
    {
        var org = await CreateOrganizationAsync();
        var (secret, id) = await CreateKeyAsync($"org:{org}", isAdmin: false);
        var binding = (await GetAsync($"/admin/v1/keys/{id}")).Body["bindings"]![0]!["id"]!.ToString();

        var refused = await DeleteAsync($"/admin/v1/keys/{id}/bindings/{binding}");

        AssertError(refused, HttpStatusCode.Conflict);
        Assert.That(refused.ErrorCode, Is.EqualTo("last_binding"));
        Assert.That((await GetAsync($"/admin/v1/keys/{id}")).Body["bindings"]!.AsArray(), Has.Count.EqualTo(1));
        using var models = await ModelsAsync(secret);
        Assert.That(models.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_key_created_without_bindings_is_refused_even_for_a_global_admin() =>
        AssertError(await PostAsync("/admin/v1/keys", """{"name":"unbound"}"""), HttpStatusCode.BadRequest, "bindings");

    [TestCase("organization")]
    [TestCase("team")]
    [TestCase("environment")]
    public async Task Deleting_a_keys_container_revokes_the_key_at_once(string container)
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var environment = await CreateEnvironmentAsync(team);
        var (secret, id) = await CreateKeyAsync($"environment:{environment}", isAdmin: false);
        // Bound elsewhere too, so the cascade alone would leave it a key with a scope it was never meant to have alone.
        var elsewhere = await CreateOrganizationAsync();
        Assert.That((await PostAsync($"/admin/v1/keys/{id}/bindings", $$"""{"scope":"org:{{elsewhere}}"}""")).Status, Is.EqualTo(HttpStatusCode.Created));
        using (var before = await ModelsAsync(secret))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK), "used, so the key is in the cache");
        }

        var path = container switch
        {
            "organization" => $"/admin/v1/organizations/{org}",
            "team" => $"/admin/v1/teams/{team}",
            _ => $"/admin/v1/environments/{environment}",
        };
        Assert.That((await DeleteAsync(path)).Status, Is.EqualTo(HttpStatusCode.OK));

        await EventuallyAsync(async () =>
        {
            using var response = await ModelsAsync(secret);
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(3));
        Assert.That((await GetAsync($"/admin/v1/keys/{id}")).Body["status"]!.GetValue<string>(), Is.EqualTo("revoked"));
    }

    [Test]
    public async Task A_binding_change_reaches_the_key_cache_at_once()
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var (secret, id) = await CreateKeyAsync($"org:{org}", isAdmin: false);
        Assert.That(await ModelIdsAsync(secret), Is.EqualTo(new[] { "chat", "other" }), "used, so the key is in the cache");

        // The more specific binding decides what the key may use.
        var added = await PostAsync($"/admin/v1/keys/{id}/bindings", $$"""{"scope":"team:{{team}}","allowed_models":["chat"]}""");
        Assert.That(added.Status, Is.EqualTo(HttpStatusCode.Created), added.ToString());
        await EventuallyAsync(async () => (await ModelIdsAsync(secret)).SequenceEqual(["chat"]), TimeSpan.FromSeconds(3));

        Assert.That((await DeleteAsync($"/admin/v1/keys/{id}/bindings/{added.Id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        await EventuallyAsync(async () => (await ModelIdsAsync(secret)).SequenceEqual(["chat", "other"]), TimeSpan.FromSeconds(3));
    }

    [Test]
    public async Task An_environments_store_bodies_change_reaches_the_key_cache_at_once()
    {
        var environment = await CreateEnvironmentAsync(await CreateTeamAsync(await CreateOrganizationAsync()));
        var (secret, _) = await CreateKeyAsync($"environment:{environment}", isAdmin: false);
        var keys = Gateway.Services.GetRequiredService<DatabaseKeyStore>();
        var hash = KeyHash.Compute(secret);
        Assert.That((await keys.FindAsync(hash, CancellationToken.None))!.StoreBodies, Is.False, "looked up, so the key is in the cache");

        Assert.That((await PutAsync($"/admin/v1/environments/{environment}", """{"name":"prod","store_bodies":true}""")).Status, Is.EqualTo(HttpStatusCode.OK));

        await EventuallyAsync(async () => (await keys.FindAsync(hash, CancellationToken.None))!.StoreBodies, TimeSpan.FromSeconds(3));
    }

    [Test]
    public async Task Rotation_carries_the_keys_own_quotas_to_the_new_key()
    {
        var org = await CreateOrganizationAsync();
        var (_, id) = await CreateKeyAsync($"org:{org}", isAdmin: false);
        await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"key","subject_id":"{{id}}","metric":"cost","window":"month","limit":25}""");
        await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"key","subject_id":"{{id}}","metric":"requests","window":"minute","limit":60}""");

        var successor = (await CreateAsync($"/admin/v1/keys/{id}/rotate", "{}"))["key"]!["id"]!.ToString();

        var quotas = (await GetAsync($"/admin/v1/quotas?subject_kind=key&subject_id={successor}")).Body["data"]!.AsArray();
        Assert.That(
            quotas.Select(q => $"{q!["metric"]} {q["window"]} {(int)q["limit"]!.GetValue<decimal>()}").Order(),
            Is.EqualTo(new[] { "cost month 25", "requests minute 60" }));
    }

    private async Task<HttpResponseMessage> ModelsAsync(string key)
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.GetAsync("/v1/models");
    }

    private async Task<string[]> ModelIdsAsync(string key)
    {
        using var response = await ModelsAsync(key);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["data"]?.AsArray().Select(model => model!["id"]!.GetValue<string>()).ToArray() ?? [];
    }
}
