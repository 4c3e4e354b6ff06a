using Gateway.Tests.Admin;

namespace Gateway.Tests.Dashboard;

/// <summary>
/// The dashboard's sign-in session at the HTTP level: an admin key becomes an HttpOnly, SameSite=Strict cookie; the
/// cookie authenticates admin reads; writes also need the CSRF token; a forged cookie or a revoked key ends it.
/// </summary>
[TestFixture]
public sealed class DashboardSessionTests : AdminTest
{
    [Test]
    public async Task Without_a_cookie_or_key_the_admin_api_answers_401()
    {
        using var client = Client();
        Assert.That((await client.GetAsync("/admin/v1/session")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await client.GetAsync("/admin/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Signing_in_sets_an_http_only_same_site_strict_cookie_that_authenticates_reads()
    {
        using var client = Client();
        var (cookie, session) = await SignInAsync(client, AdminKey);

        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries);
        Assert.That(attributes, Does.Contain("httponly"), cookie);
        Assert.That(attributes, Does.Contain("samesite=strict"), cookie);
        Assert.That(attributes, Does.Contain("path=/admin"), cookie);
        Assert.That(cookie, Does.Not.Contain(AdminKey), "the cookie carries no key");
        Assert.That(session["global"]!.GetValue<bool>(), Is.True);
        Assert.That(session["csrf_token"]!.GetValue<string>(), Is.Not.Empty);

        using var me = await SendAsync(client, HttpMethod.Get, "/admin/v1/me", cookie);
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(JsonNode.Parse(await me.Content.ReadAsStringAsync())!["actor"]!.GetValue<string>(), Is.EqualTo("config:root"));
        using var again = await SendAsync(client, HttpMethod.Get, "/admin/v1/session", cookie);
        Assert.That(JsonNode.Parse(await again.Content.ReadAsStringAsync())!["csrf_token"]!.GetValue<string>(),
            Is.EqualTo(session["csrf_token"]!.GetValue<string>()), "a reloaded page gets its token back");
    }

    [Test]
    public async Task A_write_with_the_cookie_needs_the_csrf_token()
    {
        using var client = Client();
        var (cookie, session) = await SignInAsync(client, AdminKey);

        using var withoutToken = await SendAsync(client, HttpMethod.Post, "/admin/v1/organizations", cookie, """{"name":"csrf-less"}""");
        Assert.That(withoutToken.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await withoutToken.Content.ReadAsStringAsync(), Does.Contain("csrf_token_invalid"));
        using var wrongToken = await SendAsync(client, HttpMethod.Post, "/admin/v1/organizations", cookie, """{"name":"csrf-wrong"}""", csrf: "not-the-token");
        Assert.That(wrongToken.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await GetAsync("/admin/v1/audit-log?entity=organization")).Text, Does.Not.Contain("csrf-less").And.Not.Contain("csrf-wrong"),
            "nothing was written");

        using var withToken = await SendAsync(client, HttpMethod.Post, "/admin/v1/organizations", cookie, """{"name":"csrf-ok"}""",
            csrf: session["csrf_token"]!.GetValue<string>());
        Assert.That(withToken.StatusCode, Is.EqualTo(HttpStatusCode.Created), await withToken.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_tampered_cookie_is_refused()
    {
        using var client = Client();
        var (cookie, _) = await SignInAsync(client, AdminKey);
        var value = cookie.Split(';')[0];
        var tampered = value[..^2] + (value[^2] == 'A' ? "B" : "A") + value[^1];
        using var response = await SendAsync(client, HttpMethod.Get, "/admin/v1/me", tampered);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("session_expired"));
    }

    [Test]
    public async Task Revoking_the_admin_key_ends_its_sessions()
    {
        var org = await CreateOrganizationAsync();
        var (secret, id) = await CreateKeyAsync($"org:{org}", isAdmin: true);
        using var client = Client();
        var (cookie, session) = await SignInAsync(client, secret);
        Assert.That(session["scopes"]!.AsArray().Select(scope => scope!.GetValue<string>()), Is.EqualTo(new[] { $"org:{org}" }));
        using (var before = await SendAsync(client, HttpMethod.Get, $"/admin/v1/organizations/{org}", cookie))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await PostAsync($"/admin/v1/keys/{id}/revoke", "{}")).Status, Is.EqualTo(HttpStatusCode.OK));
        await EventuallyAsync(async () =>
        {
            using var after = await SendAsync(client, HttpMethod.Get, $"/admin/v1/organizations/{org}", cookie);
            return after.StatusCode == HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Signing_in_needs_an_admin_key()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/v1/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Infrastructure.GatewayHost.ClientKey);
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
    }

    [Test]
    public async Task Serves_the_built_page_with_a_same_origin_content_security_policy()
    {
        using var client = Client();
        using var redirect = await client.GetAsync("/dashboard");
        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(redirect.Headers.Location?.ToString(), Is.EqualTo("/dashboard/"));

        using var page = await client.GetAsync("/dashboard/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'"));
        var html = await page.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/dashboard/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.That(script, Is.Not.Empty, html);
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "no asset comes from elsewhere");

        using var asset = await client.GetAsync(script);
        Assert.That(asset.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(asset.Headers.CacheControl?.ToString(), Does.Contain("immutable"));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, script);
        conditional.Headers.IfNoneMatch.Add(asset.Headers.ETag!);
        Assert.That((await client.SendAsync(conditional)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        Assert.That((await client.GetAsync("/dashboard/keys")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a path without a file extension gets the page");
        Assert.That((await client.GetAsync("/dashboard/assets/missing.js")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private HttpClient Client() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Gateway.BaseAddress };

    private static async Task<(string Cookie, JsonNode Session)> SignInAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/v1/session");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var cookie = response.Headers.GetValues("Set-Cookie").Single(value => value.StartsWith("gateway_dashboard=", StringComparison.Ordinal));
        return (Normalize(cookie), JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The cookie's value as sent (name=value) followed by its attributes in lower case.</summary>
    private static string Normalize(string setCookie)
    {
        var parts = setCookie.Split(';', StringSplitOptions.TrimEntries);
        return string.Join("; ", [parts[0], .. parts.Skip(1).Select(part => part.ToLowerInvariant())]);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookie, string? json = null, string? csrf = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return client.SendAsync(request);
    }
}
