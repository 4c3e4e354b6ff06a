namespace Gateway.Tests.Admin;

/// <summary>
/// A provider created through the admin API describes what a config-file provider does: Bedrock's IAM credentials as
/// settings (the secret ones stored encrypted like the credential and never returned), further and regional base URLs,
/// an active health check; its settings are checked against what the kind's adapter declares (400 naming the field).
/// </summary>
[TestFixture]
public sealed class ProviderDescriptionAdminTests : AdminTest
{
    private const string ModelId = "anthropic.claude-3-haiku-20240307-v1:0";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY-secret";
    private const string SessionToken = "FQoGZXIvYXdzEJr-session-token-secret";

    private FakeProvider _bedrock = null!;
    private FakeProvider _openai = null!;

    [OneTimeSetUp]
    public void StartProvider()
    {
        _bedrock = new FakeProvider();
        _bedrock.Reply($"/model/{ModelId}/converse", 200, Fixture.Text("Bedrock", "Responses", "text.converse.json"));
        _openai = FakeProvider.AnsweringChats();
    }

    [OneTimeTearDown]
    public void StopProvider()
    {
        _bedrock.Dispose();
        _openai.Dispose();
    }

    [Test]
    public async Task Applies_a_database_provider_models_parameter_mapping_to_the_forwarded_body()
    {
        var id = Unique("mapped");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{id}}","kind":"openai","base_url":"{{_openai.Url}}/v1","scope":"global"}""");
        await CreateAsync($"/admin/v1/providers/{id}/models",
            """{"model":"m","parameter_mapping":{"max_tokens":{"rename":"max_output"},"user":{"drop":true},"temperature":{"max":1},"seed":{"default":"7"}}}""");
        var alias = Unique("mapped-chat");
        await CreateAsync("/admin/v1/aliases", $$"""{"scope":"global","name":"{{alias}}","strategy":"failover","targets":[{"provider":"{{id}}","model":"m"}]}""");

        await EventuallyAsync(async () => (await ChatAsync(alias, ""","max_tokens":50,"user":"u","temperature":1.5""")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10));

        var body = _openai.LastBody();
        Assert.That(body["max_output"]!.GetValue<int>(), Is.EqualTo(50));
        Assert.That(body.ContainsKey("max_tokens") || body.ContainsKey("user"), Is.False);
        Assert.That(body["temperature"]!.GetValue<decimal>(), Is.EqualTo(1m));
        Assert.That(body["seed"]!.GetValue<string>(), Is.EqualTo("7"), "a JSON string default stays a string");
    }

    [Test]
    public async Task Stores_bedrock_iam_secrets_encrypted_never_returns_them_and_signs_with_them()
    {
        var id = Unique("bedrock");
        var created = await PostAsync("/admin/v1/providers", $$"""
            {"id":"{{id}}","kind":"bedrock","base_url":"{{_bedrock.Url}}","scope":"global",
             "settings":{"AccessKeyId":"AKIDEXAMPLE","SecretAccessKey":"{{SecretKey}}","SessionToken":"{{SessionToken}}","SigningRegion":"eu-west-3"} }
            """);

        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.ToString());
        Assert.That(created.Body["secret_settings"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "SecretAccessKey", "SessionToken" }));
        Assert.That(created.Body["settings"]!["AccessKeyId"]!.GetValue<string>(), Is.EqualTo("AKIDEXAMPLE"));
        Assert.That(created.Body["settings"]!["SigningRegion"]!.GetValue<string>(), Is.EqualTo("eu-west-3"));
        foreach (var text in new[] { created.Text, (await GetAsync($"/admin/v1/providers/{id}")).Text, (await GetAsync("/admin/v1/providers")).Text,
            (await GetAsync($"/admin/v1/audit-log?entity_id={id}")).Text })
        {
            Assert.That(text, Does.Not.Contain(SecretKey).And.Not.Contain(SessionToken));
        }
        var row = await Database.ScalarAsync<string>("select row_to_json(p)::text from providers p where id = $1", id);
        Assert.That(row, Does.Not.Contain(SecretKey).And.Not.Contain(SessionToken), "no column holds a secret in clear");
        var ciphertext = await Database.ScalarAsync<byte[]>("select secret_settings_ciphertext from providers where id = $1", id);
        Assert.That(ciphertext, Is.Not.Null.And.Not.Empty);
        Assert.That(Encoding.UTF8.GetString(ciphertext!), Does.Not.Contain(SecretKey));

        var alias = Unique("signed");
        await CreateAsync("/admin/v1/aliases", $$"""{"scope":"global","name":"{{alias}}","strategy":"failover","targets":[{"provider":"{{id}}","model":"{{ModelId}}"}]}""");
        await EventuallyAsync(async () => (await ChatAsync(alias)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        var headers = _bedrock.LastHeaders();
        Assert.That(headers["Authorization"].ToString(), Does.StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").And.Contain("/eu-west-3/bedrock/aws4_request"),
            "signed with the decrypted secret key in the signing region");
        Assert.That(headers["X-Amz-Security-Token"].ToString(), Is.EqualTo(SessionToken));
    }

    [Test]
    public async Task Keeps_secret_settings_while_the_destination_stays_and_drops_them_when_it_moves()
    {
        var id = Unique("keep");
        await CreateAsync("/admin/v1/providers", $$"""
            {"id":"{{id}}","kind":"bedrock","base_url":"https://bedrock-runtime.us-east-1.amazonaws.com","scope":"global",
             "settings":{"AccessKeyId":"AKID","SecretAccessKey":"{{SecretKey}}"} }
            """);

        var kept = await PutAsync($"/admin/v1/providers/{id}",
            """{"kind":"bedrock","base_url":"https://bedrock-runtime.us-east-1.amazonaws.com","scope":"global","settings":{"AccessKeyId":"AKID2"}}""");
        Assert.That(kept.Status, Is.EqualTo(HttpStatusCode.OK), kept.ToString());
        Assert.That(kept.Body["secret_settings"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "SecretAccessKey" }));

        var moved = await PutAsync($"/admin/v1/providers/{id}",
            """{"kind":"bedrock","base_url":"https://bedrock-runtime.eu-west-3.amazonaws.com","scope":"global","settings":{"AccessKeyId":"AKID2"}}""");
        AssertError(moved, HttpStatusCode.BadRequest, "settings.SecretAccessKey");

        var movedWithKey = await PutAsync($"/admin/v1/providers/{id}",
            """{"kind":"bedrock","base_url":"https://bedrock-runtime.eu-west-3.amazonaws.com","scope":"global","settings":{}}""");
        Assert.That(movedWithKey.Status, Is.EqualTo(HttpStatusCode.OK), movedWithKey.ToString());
        Assert.That(movedWithKey.Body["secret_settings"]!.AsArray(), Is.Empty, "a new URL does not inherit the secrets given for another");
        Assert.That(await Database.ScalarAsync<byte[]>("select secret_settings_ciphertext from providers where id = $1", id), Is.Null);
    }

    [Test]
    public async Task Stores_and_returns_base_urls_regional_base_urls_and_the_health_check()
    {
        var id = Unique("multi");
        var created = await CreateAsync("/admin/v1/providers", $$"""
            {"id":"{{id}}","kind":"openai","base_url":"https://eu.example/v1","region":"eu","base_urls":["https://mirror.example/v1"],
             "regional_base_urls":{"us":"https://us.example/v1"},"scope":"global","timeout_seconds":30,
             "health_check":{"path":"/models","interval_seconds":10,"failure_threshold":3} }
            """);

        Assert.That(created["base_urls"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("https://mirror.example/v1"));
        Assert.That(created["regional_base_urls"]!["us"]!.GetValue<string>(), Is.EqualTo("https://us.example/v1"));
        Assert.That(created["region"]!.GetValue<string>(), Is.EqualTo("eu"));
        Assert.That(created["health_check"]!["path"]!.GetValue<string>(), Is.EqualTo("/models"));
        Assert.That(created["health_check"]!["failure_threshold"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(created["timeout_seconds"]!.GetValue<double>(), Is.EqualTo(30));
        Assert.That(created["secret_settings"]!.AsArray(), Is.Empty);
    }

    [TestCase("anthropic", """{"AnthropicVerion":"2023-06-01"}""", "settings.AnthropicVerion")]
    [TestCase("gemini", """{"IncludeThoughts":"yes"}""", "settings.IncludeThoughts")]
    [TestCase("azure", """{"AuthHeader":"basic"}""", "settings.AuthHeader")]
    [TestCase("bedrock", """{"AccessKeyId":"AKID"}""", "settings.SecretAccessKey")]
    [TestCase("bedrock", """{"Region":"us-east-1"}""", "settings.Region")]
    [TestCase("openai", """{"SessionToken":"x"}""", "settings.SessionToken")]
    public async Task Names_the_setting_its_adapter_refuses(string kind, string settings, string param)
    {
        var response = await PostAsync("/admin/v1/providers",
            $$"""{"id":"{{Unique("bad")}}","kind":"{{kind}}","base_url":"https://example.com/v1","scope":"global","settings":{{settings}}}""");

        AssertError(response, HttpStatusCode.BadRequest, param);
        Assert.That(response.Text, Does.Not.Contain("\"x\""));
    }

    [TestCase(""" "base_urls":["ftp://x/v1"] """, "base_urls[0]")]
    [TestCase(""" "regional_base_urls":{"eu":"not a url"} """, "regional_base_urls.eu")]
    [TestCase(""" "health_check":{"path":"models"} """, "health_check.path")]
    [TestCase(""" "health_check":{"interval_seconds":0} """, "health_check.interval_seconds")]
    [TestCase(""" "timeout_seconds":-1 """, "timeout_seconds")]
    public async Task Names_the_field_of_a_bad_destination_or_health_check(string field, string param) =>
        AssertError(await PostAsync("/admin/v1/providers",
            $$"""{"id":"{{Unique("bad")}}","kind":"openai","base_url":"https://example.com/v1","scope":"global",{{field}}}"""), HttpStatusCode.BadRequest, param);

    private Task<HttpResponseMessage> ChatAsync(string model, string fields = "") =>
        Gateway.PostChatAsync($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]{{fields}}}""");
}
