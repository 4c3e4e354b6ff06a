using Gateway.Data.Security;

namespace Gateway.Tests.Auth;

/// <summary>
/// Only a key that could be a generated database key (<c>gw-</c> and 40 URL-safe characters) costs a database lookup;
/// config keys may be any string, since they are compared in memory. Shown with an unreachable database: a lookup
/// would answer 503, a key refused by its format 401 at once.
/// </summary>
[TestFixture]
public sealed class KeyFormatTests : GatewayFixture
{
    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider("openai").Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] }
        """;

    protected override string KeysJson => $$"""
        {
          "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
          "odd": { "Key": "any string an operator chose" }
        }
        """;

    protected override string SettingsJson => """
        "Auth": { "MaxFailuresPerWindow": 0 }
        """;

    protected override string[] ExtraArgs => ["--ConnectionStrings:Gateway", "Host=127.0.0.1;Port=9;Username=postgres;Database=none;Timeout=2",
        "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"), "--Gateway:Database:StartupWaitSeconds", "0.5"];

    protected override Task StartProvidersAsync()
    {
        StartProvider("openai").AnswerChats();
        return Task.CompletedTask;
    }

    [TestCase("sk-proj-abc123")]
    [TestCase("gw-short")]
    [TestCase("gw-0123456789012345678901234567890123456789x")]
    [TestCase("gw-01234567890123456789012345678901234567.9")]
    [TestCase("xx-0123456789012345678901234567890123456789")]
    public async Task Refuses_a_key_that_cannot_be_a_database_key_without_a_lookup(string key)
    {
        using var response = await ChatAsync(key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "401 at once, not 503 from a lookup of the unreachable database");
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("invalid_api_key"));
    }

    [Test]
    public async Task Looks_up_a_key_of_the_generated_format()
    {
        using var response = await ChatAsync(ApiKeySecrets.Generate());

        Assert.That((int)response.StatusCode, Is.EqualTo(503), "it could be a database key, so the database is asked");
    }

    [Test]
    public async Task Config_keys_of_any_format_still_work()
    {
        using var odd = await ChatAsync("any string an operator chose");
        using var test = await ChatAsync(GatewayHost.ClientKey);

        Assert.That(odd.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(test.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Refuses_a_malformed_admin_key_without_a_lookup()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-gateway-key");
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public void Generated_keys_have_the_generated_format()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.That(ApiKeySecrets.HasGeneratedFormat(ApiKeySecrets.Generate()), Is.True);
        }
    }

    private async Task<HttpResponseMessage> ChatAsync(string key)
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }
}
