namespace Gateway.Tests.Admin;

/// <summary>Who may call the admin API: 401 without a valid key, 403 for a key that is not an admin key, in OpenAI's error shape.</summary>
[TestFixture]
public sealed class AdminAuthTests : AdminTest
{
    [Test]
    public async Task Answers_401_without_a_key_or_with_an_unknown_one()
    {
        var missing = await GetAsync("/admin/v1/organizations", key: null);
        AssertError(missing, HttpStatusCode.Unauthorized);
        Assert.That(missing.ErrorCode, Is.EqualTo("missing_api_key"));

        var unknown = await GetAsync("/admin/v1/organizations", key: "gw-not-a-key-at-all-000000000000000");
        AssertError(unknown, HttpStatusCode.Unauthorized);
        Assert.That(unknown.ErrorCode, Is.EqualTo("invalid_api_key"));
    }

    [Test]
    public async Task Answers_403_for_a_config_key_that_is_not_an_admin_key()
    {
        var response = await GetAsync("/admin/v1/organizations", key: GatewayHost.ClientKey);
        AssertError(response, HttpStatusCode.Forbidden);
        Assert.That(response.Body["error"]!["type"]!.GetValue<string>(), Is.EqualTo("permission_error"));
    }

    [Test]
    public async Task Answers_403_for_a_database_key_without_an_admin_binding()
    {
        var org = await CreateOrganizationAsync();
        var (secret, _) = await CreateKeyAsync($"org:{org}", isAdmin: false);
        AssertError(await GetAsync($"/admin/v1/organizations/{org}", key: secret), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Accepts_the_admin_key_as_x_api_key()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Add("x-api-key", AdminKey);
        using var response = await client.GetAsync("/admin/v1/me");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"global\":true").And.Contain("config:root"));
    }

    [Test]
    public async Task Describes_a_scoped_admin_key_at_me()
    {
        var org = await CreateOrganizationAsync();
        var (secret, id) = await CreateKeyAsync($"org:{org}", isAdmin: true);
        var me = await GetAsync("/admin/v1/me", key: secret);
        Assert.That(me.Status, Is.EqualTo(HttpStatusCode.OK), me.ToString());
        Assert.That(me.Body["global"]!.GetValue<bool>(), Is.False);
        Assert.That(me.Body["actor"]!.GetValue<string>(), Is.EqualTo($"key:{id}"));
        Assert.That(me.Body["scopes"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { $"org:{org}" }));
    }

    [Test]
    public async Task Drops_admin_rights_at_once_when_the_admin_binding_is_removed()
    {
        var org = await CreateOrganizationAsync();
        var (secret, id) = await CreateKeyAsync($"org:{org}", isAdmin: true);
        Assert.That((await GetAsync($"/admin/v1/organizations/{org}", key: secret)).Status, Is.EqualTo(HttpStatusCode.OK));

        var binding = (await GetAsync($"/admin/v1/keys/{id}")).Body["bindings"]![0]!["id"]!.ToString();
        Assert.That((await PostAsync($"/admin/v1/keys/{id}/bindings", $$"""{"scope":"org:{{org}}","is_admin":false}""")).Status, Is.EqualTo(HttpStatusCode.Conflict),
            "one binding per scope");
        // A key keeps at least one binding: it stays a plain key of a team of the organization.
        var team = await CreateTeamAsync(org);
        Assert.That((await PostAsync($"/admin/v1/keys/{id}/bindings", $$"""{"scope":"team:{{team}}","is_admin":false}""")).Status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await DeleteAsync($"/admin/v1/keys/{id}/bindings/{binding}")).Status, Is.EqualTo(HttpStatusCode.OK));

        AssertError(await GetAsync($"/admin/v1/organizations/{org}", key: secret), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Stops_a_revoked_admin_key()
    {
        var org = await CreateOrganizationAsync();
        var (secret, id) = await CreateKeyAsync($"org:{org}", isAdmin: true);
        Assert.That((await GetAsync("/admin/v1/me", key: secret)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PostAsync($"/admin/v1/keys/{id}/revoke", "")).Status, Is.EqualTo(HttpStatusCode.OK));
        await EventuallyAsync(async () => (await GetAsync("/admin/v1/me", key: secret)).Status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2));
    }

    [Test]
    public async Task Leaves_the_v1_api_and_health_endpoints_as_they_were()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        Assert.That((await client.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var models = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        models.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        Assert.That((await client.SendAsync(models)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "an admin key is also a client key");
        AssertError(await GetAsync("/admin/v1/no-such-thing"), HttpStatusCode.NotFound);
    }
}
