using System.ClientModel;
using Gateway.Proxy.Usage;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// The health model as clients see it (issue 10, part 1): one failure takes nothing out; a 429 cools down only the
/// (provider, model) it limits; what a client causes never counts; repeated failures eject a destination for a
/// while; a rejected credential takes the provider out after a threshold; and when every candidate is out the
/// one back soonest is still tried, so the client hears the provider's own answer.
/// </summary>
[TestFixture]
public sealed class ProviderHealthTests : PrimaryAndSecondaryTest
{
    private const string ChatPath = "/v1/chat/completions";

    [Test]
    public async Task A_provider_that_failed_once_serves_the_next_request()
    {
        Primary.Server.Given(Request.Create().WithPath(ChatPath).UsingPost()).InScenario("blip").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("Content-Type", "application/json").WithBody(Fixture.Text("OpenAi", "error-500.json")));
        Primary.Server.Given(Request.Create().WithPath(ChatPath).UsingPost()).InScenario("blip").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Fixture.Text("OpenAi", "chat-text.response.json")));
        await using var gateway = await StartAsync(PrimaryThenSecondary());
        var client = gateway.ChatClient("chat");

        var failedOver = await client.CompleteChatAsync([new UserChatMessage("hi")]);
        var next = await client.CompleteChatAsync([new UserChatMessage("hi again")]);

        Assert.That(SdkHeader(failedOver, "x-gateway-provider"), Is.EqualTo("secondary"), "the 500 failed that request over");
        Assert.That(SdkHeader(next, "x-gateway-provider"), Is.EqualTo("primary"), "and nothing more: the next request is not skipped");
        Assert.That(SdkHeader(next, "x-gateway-attempts"), Is.EqualTo("1"));
        Assert.That(Primary.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_429_for_one_model_still_serves_the_providers_other_models_at_once()
    {
        ReplyPerModel();
        await using var gateway = await StartAsync(TwoModelsOfPrimary());

        var limited = await AsyncAssert.ThrowsAsync<ClientResultException>(() => gateway.ChatClient("model-a").CompleteChatAsync([new UserChatMessage("hi")]));
        ChatCompletion other = await gateway.ChatClient("model-b").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(limited!.Status, Is.EqualTo(429));
        Assert.That(limited.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter) ? retryAfter : null, Is.EqualTo("17"));
        Assert.That(other.Content[0].Text, Is.EqualTo("Hello! How can I assist you today?"));
        Assert.That(ModelsSent(Primary), Is.EqualTo(new[] { "a", "b" }), "model b went to the provider while model a cooled down");
        var ready = JsonNode.Parse(await gateway.Http.GetStringAsync("/readyz"))!["providers"]!["primary"]!;
        Assert.That(ready["available"]!.GetValue<int>(), Is.EqualTo(1), "the destination stays in service");
        Assert.That(ready["cooling_down"]!["a"]!["retry_after_seconds"]!.GetValue<double>(), Is.EqualTo(17));
        Assert.That(await gateway.Http.GetStringAsync("/metrics"), Does.Contain("gateway_model_cooldown_seconds{provider=\"primary\",model=\"a\"}"));
    }

    [Test]
    public async Task A_single_target_alias_cooling_down_still_reaches_its_provider_and_answers_with_its_429()
    {
        ReplyPerModel();
        var usage = new CapturingUsageSink();
        await using var gateway = await StartAsync(TwoModelsOfPrimary(), services: services => services.AddSingleton<IUsageSink>(usage));
        var client = gateway.ChatClient("model-a");

        var first = await AsyncAssert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));
        var second = await AsyncAssert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(first!.Status, Is.EqualTo(429));
        Assert.That(second!.Status, Is.EqualTo(429), "the provider's own 429, not the gateway's 503");
        var raw = second.GetRawResponse()!;
        Assert.That(raw.Headers.TryGetValue("Retry-After", out var retryAfter) ? retryAfter : null, Is.EqualTo("17"));
        Assert.That(JsonNode.Parse(raw.Content.ToString())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(raw.Headers.TryGetValue("x-gateway-dropped", out var dropped) ? dropped : null,
            Does.Match(@"^primary/a=panic: tried although cooling down \(429\) until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
        Assert.That(ModelsSent(Primary), Is.EqualTo(new[] { "a", "a" }), "panic: the one candidate, though cooling down, was tried");
        var candidate = (await usage.WaitForAsync(2))[1].Candidates.Single();
        Assert.That(candidate.Outcome, Is.EqualTo("upstream_error"));
        Assert.That(candidate.Reason, Does.Match(@"^panic: tried although cooling down \(429\) until \S+Z; rate_limit_exceeded$"));
    }

    [TestCase(502, "upstream_error")]
    [TestCase(503, "upstream_unavailable")]
    public async Task A_single_target_alias_whose_destination_is_ejected_answers_with_the_providers_own_error(int status, string code)
    {
        Primary.Reply(ChatPath, status, Fixture.Text("OpenAi", "error-500.json"));
        await using var gateway = await StartAsync(""" "solo": { "Targets": [ { "Provider": "primary", "Model": "m" } ] } """,
            health: """ "ConsecutiveFailures": 2 """);

        using var first = await PostAsync(gateway, "solo");
        using var second = await PostAsync(gateway, "solo");
        using var panic = await PostAsync(gateway, "solo");

        Assert.That((int)panic.StatusCode, Is.EqualTo(status));
        Assert.That(JsonNode.Parse(await panic.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo(code));
        Assert.That(Header(panic, "x-gateway-dropped"), Does.StartWith("primary/m=panic: tried although every destination ejected until "));
        Assert.That(Primary.Requests, Has.Count.EqualTo(3), "ejected after two, and still reached by the third");
    }

    [TestCase(false, TestName = "Repeated_5xx_eject_the_destination_until_the_ejection_time_has_passed")]
    [TestCase(true, TestName = "Repeated_transport_failures_eject_the_destination_until_the_ejection_time_has_passed")]
    public async Task Repeated_failures_eject_the_destination_until_the_ejection_time_has_passed(bool transport)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        Primary.Reply(ChatPath, 502, Fixture.Text("OpenAi", "error-500.json"));
        var primaryUrl = transport ? "http://127.0.0.1:9/v1" : $"{Primary.Url}/v1";
        await using var gateway = await StartAsync(PrimaryThenSecondary(), primaryUrl: primaryUrl, clock: clock,
            health: """ "ConsecutiveFailures": 3, "EjectionSeconds": 30 """);

        for (var i = 0; i < 3; i++)
        {
            using var failedOver = await PostAsync(gateway, "chat");
            Assert.That(Header(failedOver, "x-gateway-attempts"), Is.EqualTo("2"), $"request {i + 1} still tried the primary");
        }
        using (var ejected = await PostAsync(gateway, "chat"))
        {
            Assert.That(Header(ejected, "x-gateway-provider"), Is.EqualTo("secondary"));
            Assert.That(Header(ejected, "x-gateway-attempts"), Is.EqualTo("1"));
            Assert.That(Header(ejected, "x-gateway-dropped"),
                Is.EqualTo($"primary/primary-model=every destination ejected until {clock.Now.AddSeconds(30).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
        }
        var ready = JsonNode.Parse(await gateway.Http.GetStringAsync("/readyz"))!["providers"]!["primary"]!;
        Assert.That(ready["destinations"]!["primary-0"]!.GetValue<string>(), Is.EqualTo("ejected"));
        Assert.That(ready["ejected"]!["primary-0"]!["reason"]!.GetValue<string>(), Does.StartWith("3 failures in a row"));
        Assert.That(ready["available"]!.GetValue<int>(), Is.Zero);
        Assert.That(await gateway.Http.GetStringAsync("/metrics"), Does.Contain("gateway_destination_ejected_seconds{provider=\"primary\",destination=\"primary-0\"} 30"));
        if (!transport)
        {
            Assert.That(Primary.Requests, Has.Count.EqualTo(3));
            Primary.Reset();
            Primary.Reply(ChatPath, 200, Fixture.Text("OpenAi", "chat-text.response.json"));
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        using var back = await PostAsync(gateway, "chat");

        Assert.That(Header(back, "x-gateway-dropped"), Is.Null, "back in service once the ejection time has passed");
        Assert.That(Header(back, "x-gateway-provider"), Is.EqualTo(transport ? "secondary" : "primary"));
        Assert.That(Header(back, "x-gateway-attempts"), Is.EqualTo(transport ? "2" : "1"));
    }

    [Test]
    public async Task Client_errors_never_count_against_a_provider()
    {
        await using var gateway = await StartAsync(PrimaryThenSecondary(),
            health: """ "ConsecutiveFailures": 2, "CredentialFailureThreshold": 1 """,
            resilience: """ "BreakerFailureThreshold": 2, "MaxRetriesPerCandidate": 0 """);
        (int Status, string Fixture)[] clientCaused =
        [
            (400, "error-400.json"), (404, "error-404-model-not-found.json"), (413, "error-400.json"), (422, "error-400.json"),
            (403, "error-403-model-not-found.json"),
        ];

        for (var round = 0; round < 3; round++)
        {
            foreach (var (status, fixture) in clientCaused)
            {
                Primary.Reset();
                Primary.Reply(ChatPath, status, Fixture.Text("OpenAi", fixture));
                using var refused = await PostAsync(gateway, "chat");
                Assert.That(Header(refused, "x-gateway-dropped"), Is.Null, $"round {round + 1}, HTTP {status}: the primary is still tried");
            }
        }
        Primary.Reset();
        Primary.Reply(ChatPath, 200, Fixture.Text("OpenAi", "chat-text.response.json"));
        using var served = await PostAsync(gateway, "chat");

        Assert.That(Header(served, "x-gateway-provider"), Is.EqualTo("primary"));
        Assert.That(Header(served, "x-gateway-dropped"), Is.Null);
        var ready = JsonNode.Parse(await gateway.Http.GetStringAsync("/readyz"))!["providers"]!["primary"]!;
        Assert.That(ready["available"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(ready["circuits"], Is.Null, "no circuit open or half-open");
        Assert.That(await gateway.Http.GetStringAsync("/metrics"), Does.Contain("gateway_circuit_state{provider=\"primary\",model=\"primary-model\"} 0"));
    }

    [TestCase("openai", 401, "OpenAi/error-401.json")]
    [TestCase("gemini", 400, "Gemini/error_400_api_key.json")]
    [TestCase("anthropic", 401, "Anthropic/error-401.json")]
    public async Task A_rejected_credential_takes_the_provider_out_after_the_threshold(string kind, int status, string fixture)
    {
        var (baseUrl, path) = kind switch
        {
            "openai" => ($"{Primary.Url}/v1", ChatPath),
            "gemini" => (Primary.Url, "/v1beta/models/primary-model:generateContent"),
            _ => (Primary.Url, "/v1/messages"),
        };
        Primary.Reply(path, status, Fixture.Text(fixture.Split('/')));
        await using var gateway = await StartAsync(PrimaryThenSecondary(), primaryKind: kind, primaryUrl: baseUrl,
            health: """ "CredentialFailureThreshold": 2, "AuthFailureCooldownSeconds": 60 """);

        for (var i = 0; i < 2; i++)
        {
            using var failedOver = await PostAsync(gateway, "chat");
            Assert.That(Header(failedOver, "x-gateway-provider"), Is.EqualTo("secondary"));
            Assert.That(Header(failedOver, "x-gateway-attempts"), Is.EqualTo("2"), $"rejection {i + 1} of 2 leaves the provider in service");
        }
        using var skipping = await PostAsync(gateway, "chat");

        Assert.That(Header(skipping, "x-gateway-attempts"), Is.EqualTo("1"));
        Assert.That(Header(skipping, "x-gateway-dropped"), Does.StartWith("primary/primary-model=its credential was rejected 2 times in a row: out until "));
        Assert.That(Primary.Requests, Has.Count.EqualTo(2));
        var ready = JsonNode.Parse(await gateway.Http.GetStringAsync("/readyz"))!["providers"]!["primary"]!;
        Assert.That(ready["credential"]!["rejections_in_a_row"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(ready["available"]!.GetValue<int>(), Is.Zero);
        Assert.That(await gateway.Http.GetStringAsync("/metrics"), Does.Contain("gateway_provider_credential_out_seconds{provider=\"primary\"}"));
    }

    /// <summary>Model <c>a</c> is rate limited (429, <c>Retry-After: 17</c>); model <c>b</c> answers.</summary>
    private void ReplyPerModel()
    {
        Primary.Server.Given(Request.Create().WithPath(ChatPath).UsingPost().WithBody(new JsonPartialMatcher("""{"model":"a"}""")))
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Content-Type", "application/json").WithHeader("Retry-After", "17")
                .WithBody(Fixture.Text("OpenAi", "error-429.json")));
        Primary.Server.Given(Request.Create().WithPath(ChatPath).UsingPost().WithBody(new JsonPartialMatcher("""{"model":"b"}""")))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Fixture.Text("OpenAi", "chat-text.response.json")));
    }

    private static string PrimaryThenSecondary() => """
        "chat": { "Strategy": "failover", "Targets": [ { "Provider": "primary", "Model": "primary-model" }, { "Provider": "secondary", "Model": "secondary-model" } ] }
        """;

    private static string TwoModelsOfPrimary() => """
        "model-a": { "Targets": [ { "Provider": "primary", "Model": "a" } ] },
        "model-b": { "Targets": [ { "Provider": "primary", "Model": "b" } ] }
        """;

    private async Task<GatewayHost> StartAsync(
        string models, string primaryKind = "openai", string? primaryUrl = null, string health = "", string resilience = """ "MaxRetriesPerCandidate": 0 """,
        TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var primaryBase = primaryUrl ?? $"{Primary.Url}/v1";
        var config = $$"""
            {
              "Gateway": {
                "Providers": {
                  "primary": { "Kind": "{{primaryKind}}", "BaseUrl": "{{primaryBase}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "secondary": { "Kind": "openai", "BaseUrl": "{{Secondary.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" }
                },
                "Models": { {{models}} },
                "Keys": {{GatewayHost.KeysJson}},
                "Health": { {{health}} },
                "Resilience": { {{resilience}} }
              }
            }
            """;
        return await GatewayHost.StartAsync(config, replaced =>
        {
            if (clock is not null)
            {
                replaced.AddSingleton(clock);
            }
            services?.Invoke(replaced);
        });
    }

    private static async Task<HttpResponseMessage> PostAsync(GatewayHost gateway, string model)
    {
        using var body = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        return await gateway.Http.PostAsync(ChatPath, body);
    }

    private static string[] ModelsSent(FakeProvider provider) =>
        provider.Requests.Select(r => JsonNode.Parse(r.RequestMessage.Body!)!["model"]!.GetValue<string>()).ToArray();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static string? SdkHeader(ClientResult result, string name) =>
        result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value : null;

    private sealed class CapturingUsageSink : IUsageSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<UsageRecord> _records = new();

        public IReadOnlyList<UsageRecord> Records => [.. _records];

        public void Record(UsageRecord record) => _records.Enqueue(record);

        /// <summary>The records once there are <paramref name="count"/>: a request is recorded just after its answer is sent.</summary>
        public async Task<IReadOnlyList<UsageRecord>> WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (_records.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            return Records;
        }
    }
}
