using Anthropic.Models.Messages;

namespace Gateway.Tests.EndToEnd.Messages;

/// <summary>Every refusal on <c>/v1/messages</c> is in Anthropic's shape, with Anthropic's status codes.</summary>
[TestFixture]
public sealed class MessagesErrorTests : SingleProviderFixture
{
    private const string LimitedKey = "gw-test-limited-key-0123456789";

    private static readonly string LimitedHash = GatewayHost.KeyHash(LimitedKey);

    protected override string ProvidersJson => string.Join(",\n", ProviderEntry("openai", "/v1"), ProviderEntry("anthropic"));

    protected override string ModelsJson => """
        "gpt": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
        "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5" } ] }
        """;

    protected override string SettingsJson => $$"""
        "Health": {{GatewayHost.NoCooldownsJson}}, "Resilience": {{GatewayHost.NoBreakersJson}}
        """;

    [OneTimeSetUp]
    public async Task AddLimitedKeyAsync()
    {
        // The fixture's config plus a key allowed one request a minute.
        var config = await File.ReadAllTextAsync(Gateway.ConfigPath);
        var keys = GatewayHost.KeysJson;
        var withLimited = keys[..^1].TrimEnd() + $$""", "limited": { "KeyHash": "sha256:{{LimitedHash}}", "RequestsPerMinute": 1 } }""";
        await Gateway.ReplaceConfigAsync(config.Replace(keys, withLimited, StringComparison.Ordinal));
        // Loaded once the key is no longer refused as unknown.
        await Eventually.HoldsAsync(async () =>
        {
            var (status, _, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages/count_tokens", """{"model":"gpt","messages":[{"role":"user","content":"x"}]}""", LimitedKey);
            return status != 401;
        }, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50));
    }

    private static JsonNode AssertAnthropicError(int status, string body, int expectedStatus, string expectedType)
    {
        Assert.That(status, Is.EqualTo(expectedStatus), body);
        var json = JsonNode.Parse(body)!;
        Assert.That(json["type"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That(json["error"]!["type"]!.GetValue<string>(), Is.EqualTo(expectedType));
        Assert.That(json["error"]!["message"]!.GetValue<string>(), Is.Not.Empty);
        return json;
    }

    [Test]
    public async Task Refuses_bad_json_with_an_invalid_request_error()
    {
        var (status, body, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", """{"model":"gpt","max_tokens":""");

        AssertAnthropicError(status, body, 400, "invalid_request_error");
    }

    [Test]
    public async Task Refuses_a_request_without_max_tokens_naming_it()
    {
        var (status, body, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", """{"model":"gpt","messages":[{"role":"user","content":"Hi"}]}""");

        var json = AssertAnthropicError(status, body, 400, "invalid_request_error");
        Assert.That(json["error"]!["message"]!.GetValue<string>(), Does.Contain("max_tokens"));
    }

    [Test]
    public async Task Refuses_an_unknown_model_with_not_found()
    {
        var (status, body, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", """{"model":"nope","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""");

        AssertAnthropicError(status, body, 404, "not_found_error");
    }

    [TestCase("/v1/messages")]
    [TestCase("/v1/messages/count_tokens")]
    public async Task Refuses_a_bad_key_with_an_authentication_error(string path)
    {
        var (status, body, _) = await AnthropicSdk.PostAsync(Gateway, path, """{"model":"gpt","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""", key: "gw-wrong-key");

        AssertAnthropicError(status, body, 401, "authentication_error");
    }

    [Test]
    public async Task Surfaces_a_bad_key_to_the_sdk_as_an_authentication_error()
    {
        var error = await AsyncAssert.ThrowsAsync<Anthropic.Exceptions.AnthropicUnauthorizedException>(async () =>
            await AnthropicSdk.Client(Gateway, key: "gw-wrong-key").Messages.Create(new MessageCreateParams { MaxTokens = 5, Model = "gpt", Messages = [new UserMessageParam("Hi")] }));

        Assert.That(error!.Message, Does.Contain("API key"));
    }

    [Test]
    public async Task Refuses_a_key_over_its_request_rate_with_a_rate_limit_error()
    {
        Provider.AnswerChats();
        const string request = """{"model":"gpt","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""";

        int status;
        string body;
        do
        {
            (status, body, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", request, LimitedKey);
        }
        while (status == 200);

        AssertAnthropicError(status, body, 429, "rate_limit_error");
    }

    [Test]
    public async Task Answers_overloaded_when_every_provider_is_out()
    {
        Provider.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));

        var (status, body, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", """{"model":"gpt","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""");

        AssertAnthropicError(status, body, 529, "overloaded_error");
    }

    [Test]
    public async Task Maps_a_provider_server_error_to_an_api_error()
    {
        Provider.Reply("/v1/messages", 500, Fixture.Text("Anthropic", "error-500.json"));

        var (status, body, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", """{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""");

        AssertAnthropicError(status, body, 500, "api_error");
    }

    [Test]
    public async Task Keeps_openai_error_shape_on_the_chat_path()
    {
        var (status, body, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/chat/completions", """{"model":"nope","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.That(status, Is.EqualTo(404));
        Assert.That(JsonNode.Parse(body)!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("model_not_found"));
        Assert.That(JsonNode.Parse(body)!["type"], Is.Null);
    }
}
