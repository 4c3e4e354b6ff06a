using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// An alias with two providers keeps serving while one fails before the first byte; passive and active health
/// take a failing provider out so it is skipped rather than retried blindly.
/// </summary>
[TestFixture]
public sealed class FailoverTests : PrimaryAndSecondaryTest
{
    [TestCase(503)]
    [TestCase(500)]
    [TestCase(502)]
    [TestCase(529)]
    [TestCase(401)]
    public async Task Fails_over_on_a_provider_error_before_the_first_byte(int status)
    {
        Primary.Reply("/v1/chat/completions", status, Fixture.Text("OpenAi", "error-500.json"));
        await using var gateway = await StartGatewayAsync(Primary.Url);

        using var response = await PostAsync(gateway, stream: false);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("x-gateway-provider").Single(), Is.EqualTo("secondary"));
        Assert.That(response.Headers.GetValues("x-gateway-attempts").Single(), Is.EqualTo("2"));
        Assert.That(Primary.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Fails_over_when_the_first_provider_refuses_connections()
    {
        await using var gateway = await StartGatewayAsync("http://127.0.0.1:9");

        ChatCompletion completion = await gateway.ChatClient("chat").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(completion.Content[0].Text, Is.EqualTo("Hello! How can I assist you today?"));
    }

    [Test]
    public async Task Fails_over_a_stream_with_a_fresh_body()
    {
        Primary.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        Secondary.Reset();
        Secondary.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        await using var gateway = await StartGatewayAsync(Primary.Url);

        var text = new StringBuilder();
        await foreach (var update in gateway.ChatClient("chat").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.That(text.ToString(), Is.EqualTo("Hello from Zürich 👋"));
        Assert.That(Primary.LastBody().ToJsonString(), Is.EqualTo(Secondary.LastBody().ToJsonString().Replace("secondary-model", "primary-model", StringComparison.Ordinal)),
            "both attempts carried the same request, each with its own model name");
    }

    [Test]
    public async Task Does_not_fail_over_on_a_client_error()
    {
        Primary.Reply("/v1/chat/completions", 400, Fixture.Text("OpenAi", "error-400.json"));
        await using var gateway = await StartGatewayAsync(Primary.Url);

        using var response = await PostAsync(gateway, stream: false);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Secondary.Requests, Is.Empty);
    }

    [Test]
    public async Task Skips_a_rate_limited_provider_until_its_retry_after_passes()
    {
        Primary.Reply("/v1/chat/completions", 429, Fixture.Text("OpenAi", "error-429.json"), headers: new Dictionary<string, string> { ["Retry-After"] = "2" });
        await using var gateway = await StartGatewayAsync(Primary.Url);

        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(gateway, stream: false);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(Primary.Requests, Has.Count.EqualTo(1), "the primary was skipped while cooling down");

        await Task.Delay(TimeSpan.FromSeconds(3));
        Primary.Reset();
        Primary.AnswerChats();
        using var recovered = await PostAsync(gateway, stream: false);
        Assert.That(recovered.Headers.GetValues("x-gateway-provider").Single(), Is.EqualTo("primary"));
    }

    [Test]
    public async Task Skips_a_provider_that_fails_its_active_health_probe()
    {
        Primary.Server.Given(Request.Create().WithPath("/v1/models").UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
        Primary.AnswerChats();
        await using var gateway = await StartGatewayAsync(Primary.Url,
            """ "HealthCheck": { "Path": "/models", "IntervalSeconds": 0.2, "TimeoutSeconds": 1, "FailureThreshold": 1 }, """);

        await WaitUntilAsync(() => Primary.Requests.Count(r => r.RequestMessage.Path == "/v1/models") >= 2);
        using var response = await PostAsync(gateway, stream: false);

        Assert.That(response.Headers.GetValues("x-gateway-provider").Single(), Is.EqualTo("secondary"));
        Assert.That(Primary.Requests.Any(r => r.RequestMessage.Path == "/v1/chat/completions"), Is.False);
        var probe = Primary.Requests.First(r => r.RequestMessage.Path == "/v1/models").RequestMessage;
        Assert.That(probe.Headers!["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"), "probes authenticate");
    }

    [Test]
    public async Task Answers_the_providers_503_when_every_provider_fails_and_keeps_trying_both()
    {
        Primary.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        Secondary.Reset();
        Secondary.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        await using var gateway = await StartGatewayAsync(Primary.Url);

        using var first = await PostAsync(gateway, stream: false);
        using var second = await PostAsync(gateway, stream: false);

        Assert.That((int)first.StatusCode, Is.EqualTo(503));
        Assert.That((int)second.StatusCode, Is.EqualTo(503));
        Assert.That(JsonNode.Parse(await second.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_unavailable"),
            "the provider's own 503, mapped, not the gateway's no_available_provider");
        Assert.That(Primary.Requests.Count + Secondary.Requests.Count, Is.EqualTo(4), "one 503 each takes neither out: both are tried again");
    }

    private async Task<GatewayHost> StartGatewayAsync(string primaryUrl, string primaryExtra = "") =>
        await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  "primary": { {{primaryExtra}} "Kind": "openai", "BaseUrl": "{{primaryUrl}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "secondary": { "Kind": "openai", "BaseUrl": "{{Secondary.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" }
                },
                "Models": {
                  "chat": { "Strategy": "failover", "Targets": [
                    { "Provider": "primary", "Model": "primary-model" },
                    { "Provider": "secondary", "Model": "secondary-model" } ] }
                },
                "Keys": {{GatewayHost.KeysJson}},
                "Resilience": { "MaxRetriesPerCandidate": 0 }
              }
            }
            """);

    private static async Task<HttpResponseMessage> PostAsync(GatewayHost gateway, bool stream)
    {
        using var body = new StringContent($$"""{"model":"chat","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        return await gateway.Http.PostAsync("/v1/chat/completions", body);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
}
