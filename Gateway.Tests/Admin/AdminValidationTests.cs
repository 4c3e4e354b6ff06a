namespace Gateway.Tests.Admin;

/// <summary>
/// Bad input of every kind gets a 4xx in OpenAI's shape naming the field where there is one, never a 500: malformed
/// JSON, wrong types, missing fields, huge strings and bodies, wrong content types, malformed ids and cursors.
/// </summary>
[TestFixture]
public sealed class AdminValidationTests : AdminTest
{
    private static readonly string[] WritePaths =
    [
        "/admin/v1/organizations", "/admin/v1/providers", "/admin/v1/aliases", "/admin/v1/routing-policies",
        "/admin/v1/prices", "/admin/v1/quotas", "/admin/v1/keys",
    ];

    private static readonly string[] Bodies =
    [
        "", "{", "[]", "null", "42", "\"text\"", "{\"name\":", "{\"name\":\"x\"}}", "{\"name\":\"x\",}", "{/*c*/}",
        "{\"scope\":123}", "{\"targets\":\"x\"}", "{\"bindings\":[1,2]}", "{\"limit\":\"ten\"}", "{\"id\":{\"nested\":true}}",
        "{\"name\":\"\\ud800\"}", "{\"name\":\"a\\u0000\"}", "{\"settings\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":1}}}}}}}",
        new string('[', 5000), "{\"priority\":1e999}", "{\"expires_at\":\"2025-02-30T00:00:00Z\"}",
    ];

    [Test]
    public async Task Never_answers_500_to_any_malformed_body()
    {
        foreach (var path in WritePaths)
        {
            foreach (var body in Bodies)
            {
                var response = await PostAsync(path, body);
                Assert.That((int)response.Status, Is.InRange(400, 499), $"POST {path} {body[..Math.Min(body.Length, 40)]}: {response}");
                Assert.That(response.Body["error"]?["message"], Is.Not.Null, response.ToString());
            }
        }
    }

    [Test]
    public async Task Says_where_the_json_is_broken_and_which_field_has_the_wrong_type()
    {
        var broken = await PostAsync("/admin/v1/organizations", "{\"name\": \"x\",\n  oops}");
        AssertError(broken, HttpStatusCode.BadRequest);
        Assert.That(broken.ErrorCode, Is.EqualTo("invalid_json"));
        Assert.That(broken.Body["error"]!["message"]!.GetValue<string>(), Does.Contain("line 2"));

        var wrongType = await PostAsync("/admin/v1/aliases", """{"scope":"global","name":"x","targets":[{"provider":"a","model":"m"},{"provider":7,"model":"m"}]}""");
        AssertError(wrongType, HttpStatusCode.BadRequest, "targets[1].provider");
        Assert.That(wrongType.ErrorCode, Is.EqualTo("invalid_type"));
        Assert.That(wrongType.Text, Does.Not.Contain("System."), "no .NET type names leak");

        var unknown = await PostAsync("/admin/v1/aliases", """{"scope":"global","name":"x","targets":[{"provider":"a","model":"m","wieght":2}]}""");
        AssertError(unknown, HttpStatusCode.BadRequest, "targets[0].wieght");
        Assert.That(unknown.ErrorCode, Is.EqualTo("unknown_field"));
    }

    [Test]
    public async Task Refuses_a_body_that_is_not_valid_utf8()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        using var content = new ByteArrayContent([.. "{\"name\":\"org-"u8, 0xFF, .. "\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/admin/v1/organizations", content);
        var error = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("invalid_json"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("UTF-8"));
    }

    [Test]
    public async Task Refuses_huge_strings_with_400_and_huge_bodies_with_413()
    {
        var longName = new string('n', 100_000);
        AssertError(await PostAsync("/admin/v1/organizations", $$"""{"name":"{{longName}}"}"""), HttpStatusCode.BadRequest, "name");
        AssertError(await PostAsync("/admin/v1/providers", $$"""{"id":"p","kind":"openai","base_url":"http://x/{{longName}}","scope":"global"}"""),
            HttpStatusCode.BadRequest, "base_url");
        var huge = await PostAsync("/admin/v1/organizations", $$"""{"name":"{{new string('n', 2_000_000)}}"}""");
        AssertError(huge, HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Refuses_a_body_that_is_not_json()
    {
        var response = await SendAsync(HttpMethod.Post, "/admin/v1/organizations", "name=x", contentType: "application/x-www-form-urlencoded");
        AssertError(response, HttpStatusCode.UnsupportedMediaType);
    }

    [TestCase("/admin/v1/organizations/not-a-uuid")]
    [TestCase("/admin/v1/teams/00000000-0000-0000-0000-000000000000")]
    [TestCase("/admin/v1/providers/no-such-provider")]
    [TestCase("/admin/v1/prices/999999999")]
    [TestCase("/admin/v1/prices/99999999999999999999999")]
    [TestCase("/admin/v1/keys/00000000-0000-0000-0000-000000000000")]
    [TestCase("/admin/v1/providers/no-such-provider/models/a/b/c")]
    public async Task Answers_404_for_unknown_ids(string path) =>
        AssertError(await GetAsync(path), HttpStatusCode.NotFound);

    [TestCase("/admin/v1/organizations?cursor=not-a-cursor")]
    [TestCase("/admin/v1/organizations?cursor=")]
    [TestCase("/admin/v1/providers?cursor=%F0%9F%92%A9")]
    [TestCase("/admin/v1/audit-log?cursor=bm90LWEtbnVtYmVy")]
    [TestCase("/admin/v1/keys?cursor=AAAA")]
    public async Task Answers_400_for_a_malformed_cursor(string path) =>
        AssertError(await GetAsync(path), HttpStatusCode.BadRequest, "cursor");

    [TestCase("/admin/v1/organizations?limit=0")]
    [TestCase("/admin/v1/organizations?limit=-5")]
    [TestCase("/admin/v1/organizations?limit=ten")]
    [TestCase("/admin/v1/organizations?limit=99999999999999")]
    public async Task Answers_400_for_a_bad_limit(string path) =>
        AssertError(await GetAsync(path), HttpStatusCode.BadRequest, "limit");

    [TestCase("/admin/v1/aliases?scope=everywhere")]
    [TestCase("/admin/v1/quotas?subject_kind=team&subject_id=nope")]
    [TestCase("/admin/v1/quotas?subject_kind=galaxy")]
    [TestCase("/admin/v1/audit-log?until=tomorrow")]
    public async Task Answers_400_for_a_bad_query_value(string path)
    {
        var response = await GetAsync(path);
        AssertError(response, HttpStatusCode.BadRequest);
        Assert.That(response.ErrorParam, Is.Not.Null);
    }

    [Test]
    public async Task Answers_a_wrong_method_in_the_error_shape()
    {
        // The gateway's catch-all answers an unmatched method as an unknown URL, as it does on /v1.
        var response = await SendAsync(HttpMethod.Patch, "/admin/v1/organizations", "{}");
        Assert.That((int)response.Status, Is.AnyOf(404, 405), response.ToString());
        Assert.That(response.Body["error"]!["message"]!.GetValue<string>(), Does.Contain("PATCH"));
    }

    [Test]
    public async Task Answers_a_nul_in_a_path_id_without_a_500()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await client.GetAsync("/admin/v1/providers/a%00b");
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }
}
