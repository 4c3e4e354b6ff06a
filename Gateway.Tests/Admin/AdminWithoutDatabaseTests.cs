namespace Gateway.Tests.Admin;

/// <summary>
/// Without ConnectionStrings:Gateway the admin API answers 503 on every route, in OpenAI's shape, saying it needs a
/// database; with one that cannot be reached, 503 too, without leaking the connection string.
/// </summary>
[TestFixture]
public sealed class AdminWithoutDatabaseTests
{
    [TestCase("GET", "/admin/v1/organizations")]
    [TestCase("POST", "/admin/v1/keys")]
    [TestCase("GET", "/admin/v1/openapi.json")]
    [TestCase("DELETE", "/admin/v1/providers/openai")]
    [TestCase("GET", "/admin/anything/else")]
    public async Task Answers_503_saying_it_needs_a_database(string method, string path)
    {
        await using var gateway = await GatewayHost.StartAsync($$"""{ "Gateway": { "Keys": {{GatewayHost.KeysJson}} } }""");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayHost.ClientKey);
        using var response = await new HttpClient { BaseAddress = gateway.BaseAddress }.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(503));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("needs a database"));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("admin_api_unavailable"));
        Assert.That(error["type"], Is.Not.Null);
    }

    [Test]
    public async Task Answers_503_while_the_configured_database_is_unreachable()
    {
        var adminHash = GatewayHost.KeyHash(AdminTest.AdminKey);
        await using var gateway = await GatewayHost.StartAsync($$"""{ "Gateway": { "Keys": { "root": { "KeyHash": "sha256:{{adminHash}}", "Admin": true } } } }""",
            extraArgs: ["--ConnectionStrings:Gateway", "Host=127.0.0.1;Port=9;Username=postgres;Database=none;Timeout=2", "--Gateway:Database:StartupWaitSeconds", "0.5"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/organizations");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminTest.AdminKey);
        using var response = await new HttpClient { BaseAddress = gateway.BaseAddress }.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(503));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(JsonNode.Parse(body)!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("database_unavailable"));
        Assert.That(body, Does.Not.Contain("Port=9"), "the connection string never leaks");
    }
}
