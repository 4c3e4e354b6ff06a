namespace Gateway.Tests.Admin;

/// <summary>The OpenAPI document at /admin/v1/openapi.json: admin routes only, with request and response schemas; and the browsable page.</summary>
[TestFixture]
public sealed class AdminOpenApiTests : AdminTest
{
    [Test]
    public async Task Serves_the_document_with_every_admin_route_and_no_other()
    {
        var response = await GetAsync("/admin/v1/openapi.json", key: null);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString());
        var document = response.Body;
        Assert.That(document["openapi"]!.GetValue<string>(), Does.StartWith("3."));
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        TestContext.Out.WriteLine(string.Join("\n", paths));
        Assert.That(paths, Is.All.StartWith("/admin/v1/"), "only the admin API is described");
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/admin/v1/me",
            "/admin/v1/organizations", "/admin/v1/organizations/{id}",
            "/admin/v1/organizations/{orgId}/teams", "/admin/v1/teams/{id}",
            "/admin/v1/teams/{teamId}/environments", "/admin/v1/environments/{id}",
            "/admin/v1/providers", "/admin/v1/providers/{id}", "/admin/v1/providers/{id}/credential",
            "/admin/v1/providers/{providerId}/models", "/admin/v1/providers/{providerId}/models/{model}",
            "/admin/v1/aliases", "/admin/v1/aliases/{id}",
            "/admin/v1/routing-policies", "/admin/v1/routing-policies/{id}",
            "/admin/v1/prices", "/admin/v1/prices/at", "/admin/v1/prices/{id}",
            "/admin/v1/quotas", "/admin/v1/quotas/{id}",
            "/admin/v1/keys", "/admin/v1/keys/{id}", "/admin/v1/keys/{id}/revoke", "/admin/v1/keys/{id}/rotate",
            "/admin/v1/keys/{id}/bindings", "/admin/v1/keys/{id}/bindings/{bindingId}",
            "/admin/v1/audit-log",
        }));
    }

    [Test]
    public async Task Describes_request_and_response_bodies_with_schemas()
    {
        var document = (await GetAsync("/admin/v1/openapi.json", key: null)).Body;
        var create = document["paths"]!["/admin/v1/aliases"]!["post"]!;
        Assert.That(create["requestBody"]!["content"]!["application/json"]!["schema"], Is.Not.Null);
        Assert.That(create["responses"]!["201"]!["content"]!["application/json"]!["schema"], Is.Not.Null);
        Assert.That(create["responses"]!["400"], Is.Not.Null, "errors are described");

        var schemas = document["components"]!["schemas"]!.AsObject();
        var alias = schemas["AliasRequest"]!["properties"]!.AsObject().Select(p => p.Key);
        Assert.That(alias, Is.SupersetOf(new[] { "scope", "name", "strategy", "targets" }), "snake_case field names, as sent");
        var provider = schemas["ProviderResponse"]!["properties"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(provider, Does.Contain("has_credential").And.Not.Contain("credential"));
        Assert.That(document["components"]!["securitySchemes"]!.AsObject(), Is.Not.Empty);
    }

    [Test]
    public async Task Serves_a_browsable_page()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var page = await client.GetAsync("/admin/v1/docs/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("admin/v1/openapi.json"), "the page loads the admin document (resolved against the site root)");
        using var script = await client.GetAsync("/admin/v1/docs/scalar.js");
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page's script is served by the gateway, not a CDN");
    }
}
