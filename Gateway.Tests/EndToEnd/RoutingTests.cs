using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// Routing as a client sees it: the traffic split follows the policy, OpenRouter's request extensions steer it,
/// capabilities filter it, circuits and retries absorb failures, and the decision is visible in headers and metrics.
/// </summary>
[TestFixture]
public sealed class RoutingTests : TwoProviderTest
{
    [Test]
    public async Task Splits_traffic_by_weight_and_says_so_in_headers()
    {
        await using var gateway = await StartAsync("""
            "split": { "Strategy": "weighted", "Targets": [ { "Provider": "a", "Model": "m", "Weight": 80 }, { "Provider": "b", "Model": "m", "Weight": 20 } ] }
            """);

        var served = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
        string? policy = null;
        for (var i = 0; i < 400; i++)
        {
            using var response = await ChatAsync(gateway, "split");
            served[Header(response, "x-gateway-provider")!]++;
            policy ??= Header(response, "x-gateway-policy");
        }

        Assert.That(served["a"] / 400.0, Is.EqualTo(0.8).Within(0.08));
        Assert.That(policy, Is.EqualTo("weighted"));
    }

    [Test]
    public async Task Puts_the_cheapest_first_for_a_floor_suffix_and_a_price_sort()
    {
        await using var gateway = await StartAsync("""
            "priced": { "Targets": [
              { "Provider": "a", "Model": "m", "Price": { "InputPerMTok": 5, "OutputPerMTok": 15 } },
              { "Provider": "b", "Model": "m", "Price": { "InputPerMTok": 0.5, "OutputPerMTok": 1.5 } } ] }
            """);

        using var inOrder = await ChatAsync(gateway, "priced");
        using var floor = await ChatAsync(gateway, "priced:floor");
        using var sorted = await ChatAsync(gateway, "priced", """ "provider": { "sort": "price" }, """);

        Assert.That(Header(inOrder, "x-gateway-provider"), Is.EqualTo("a"));
        Assert.That(Header(floor, "x-gateway-provider"), Is.EqualTo("b"));
        Assert.That(Header(sorted, "x-gateway-provider"), Is.EqualTo("b"));
        Assert.That(Header(sorted, "x-gateway-policy"), Is.EqualTo("request/cost"));
        Assert.That(Header(inOrder, "x-gateway-candidates"), Is.EqualTo("a/m,b/m"));
        Assert.That(Header(sorted, "x-gateway-candidates"), Is.EqualTo("b/m,a/m"));
    }

    [Test]
    public async Task Honours_provider_order_only_and_ignore()
    {
        await using var gateway = await StartAsync(Both("failover"));

        using var ordered = await ChatAsync(gateway, "both", """ "provider": { "order": ["b"] }, """);
        using var only = await ChatAsync(gateway, "both", """ "provider": { "only": ["b"] }, """);
        using var ignored = await ChatAsync(gateway, "both", """ "provider": { "ignore": ["a"] }, """);

        Assert.That(Header(ordered, "x-gateway-provider"), Is.EqualTo("b"));
        Assert.That(Header(only, "x-gateway-provider"), Is.EqualTo("b"));
        Assert.That(Header(ignored, "x-gateway-provider"), Is.EqualTo("b"));
        Assert.That(Header(ignored, "x-gateway-dropped"), Is.EqualTo("a/m=providerignored"));
        Assert.That(B.LastBody().ContainsKey("provider"), Is.False, "routing fields never reach the provider");
    }

    [Test]
    public async Task Does_not_fall_back_when_fallbacks_are_not_allowed()
    {
        A.Reset();
        A.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        await using var gateway = await StartAsync(Both("failover"));

        using var allowed = await ChatAsync(gateway, "both");
        A.Reset();
        A.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        await using var strict = await StartAsync(Both("failover"));
        using var refused = await ChatAsync(strict, "both", """ "provider": { "order": ["a"], "allow_fallbacks": false }, """);

        Assert.That(Header(allowed, "x-gateway-provider"), Is.EqualTo("b"));
        Assert.That((int)refused.StatusCode, Is.EqualTo(503));
        Assert.That(B.Requests.Count(r => r.RequestMessage.Path == "/v1/chat/completions"), Is.EqualTo(1), "only the first gateway fell back");
    }

    [Test]
    public async Task Rejects_invalid_provider_preferences_naming_the_field()
    {
        await using var gateway = await StartAsync(Both("failover"));

        using var response = await ChatAsync(gateway, "both", """ "provider": { "order": "a" }, """);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(error["param"]!.GetValue<string>(), Does.StartWith("provider.order"));
    }

    [Test]
    public async Task Skips_a_target_that_lacks_a_needed_capability_and_says_which_when_none_has_it()
    {
        await using var gateway = await StartAsync("""
            "mixed": { "Targets": [ { "Provider": "a", "Model": "text-only", "Capabilities": ["tools"] }, { "Provider": "b", "Model": "vision", "Capabilities": ["vision"] } ] },
            "blind": { "Targets": [ { "Provider": "a", "Model": "text-only", "Capabilities": ["tools"] } ] }
            """);
        const string Image = """[{"type":"text","text":"what is this"},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]""";

        using var served = await ChatAsync(gateway, "mixed", content: Image);
        using var refused = await ChatAsync(gateway, "blind", content: Image);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;

        Assert.That(Header(served, "x-gateway-provider"), Is.EqualTo("b"));
        Assert.That(Header(served, "x-gateway-dropped"), Is.EqualTo("a/text-only=missingcapability"));
        Assert.That((int)refused.StatusCode, Is.EqualTo(400));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("vision").IgnoreCase.Or.Contain("image").IgnoreCase);
    }

    [Test]
    public async Task Refuses_a_prompt_longer_than_every_context_window()
    {
        await using var gateway = await StartAsync("""
            "tiny": { "Targets": [ { "Provider": "a", "Model": "gpt-4o-mini", "ContextWindow": 50 } ] }
            """);

        using var response = await ChatAsync(gateway, "tiny", content: "\"" + string.Join(' ', Enumerable.Repeat("token", 200)) + "\"");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("context_length_exceeded"));
        Assert.That(A.Requests, Is.Empty);
    }

    [Test]
    public async Task Checks_context_windows_by_the_byte_estimate_when_tokenizers_are_turned_off()
    {
        await using var gateway = await StartAsync("""
            "tiny": { "Targets": [ { "Provider": "a", "Model": "gpt-4o-mini", "ContextWindow": 50 } ] }
            """, settings: """ "TokenCounting": { "UseTokenizers": false }, """);

        using var refused = await ChatAsync(gateway, "tiny", content: "\"" + string.Join(' ', Enumerable.Repeat("token", 200)) + "\"");
        using var served = await ChatAsync(gateway, "tiny");

        Assert.That((int)refused.StatusCode, Is.EqualTo(400));
        Assert.That(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("context_length_exceeded"));
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Opens_a_circuit_after_repeated_failures_and_closes_it_after_a_good_probe()
    {
        A.Reset();
        A.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        await using var gateway = await StartAsync(Both("failover"), resilience:
            """ "BreakerFailureThreshold": 2, "BreakerBreakSeconds": 1, "MaxRetriesPerCandidate": 0 """,
            health: """ "ServerErrorCooldownSeconds": 0 """);

        for (var i = 0; i < 2; i++)
        {
            using var failedOver = await ChatAsync(gateway, "both");
            Assert.That(Header(failedOver, "x-gateway-provider"), Is.EqualTo("b"));
        }
        using (var skipping = await ChatAsync(gateway, "both"))
        {
            Assert.That(Header(skipping, "x-gateway-dropped"), Does.Match(@"^a/m=circuit open until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
        }
        Assert.That(A.Requests, Has.Count.EqualTo(2), "the open circuit kept requests away from a");
        Assert.That(await gateway.Http.GetStringAsync("/metrics"), Does.Contain("gateway_circuit_state{provider=\"a\",model=\"m\"} 1"));

        A.Reset();
        A.AnswerChats();
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        using var probe = await ChatAsync(gateway, "both");
        using var closed = await ChatAsync(gateway, "both");

        Assert.That(Header(probe, "x-gateway-provider"), Is.EqualTo("a"), "half-open lets a probe through");
        Assert.That(Header(closed, "x-gateway-provider"), Is.EqualTo("a"));
        Assert.That(await gateway.Http.GetStringAsync("/metrics"), Does.Contain("gateway_circuit_state{provider=\"a\",model=\"m\"} 0"));
    }

    [Test]
    public async Task Retries_the_last_candidate_after_its_retry_after()
    {
        A.Reset();
        A.Server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost()).InScenario("limited").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody(Fixture.Text("OpenAi", "error-429.json")));
        A.Server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost()).InScenario("limited").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Fixture.Text("OpenAi", "chat-text.response.json")));
        await using var gateway = await StartAsync("""
            "solo": { "Targets": [ { "Provider": "a", "Model": "m" } ] }
            """);

        var started = DateTime.UtcNow;
        using var response = await ChatAsync(gateway, "solo");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(response, "x-gateway-attempts"), Is.EqualTo("2"));
        Assert.That(Header(response, "x-gateway-candidates"), Is.EqualTo("a/m"));
        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "it waited for Retry-After");
    }

    [Test]
    public async Task Fails_over_a_stream_whose_first_event_is_an_error()
    {
        A.Reset();
        A.ReplyStream("/v1/chat/completions", "data: {\"error\":{\"message\":\"The model is overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}\n\n");
        B.Reset();
        B.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        await using var gateway = await StartAsync(Both("failover"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"both","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var (events, _) = await SseReading.ReadEventsAsync(response);

        Assert.That(Header(response, "x-gateway-provider"), Is.EqualTo("b"));
        Assert.That(events[^1], Is.EqualTo("data: [DONE]"));
        Assert.That(string.Join("", events), Does.Not.Contain("overloaded"));
    }

    private static string Both(string strategy) => $$"""
        "both": { "Strategy": "{{strategy}}", "Targets": [ { "Provider": "a", "Model": "m" }, { "Provider": "b", "Model": "m" } ] }
        """;

    private async Task<GatewayHost> StartAsync(string models, string resilience = "", string health = "", string settings = "") =>
        await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                {{settings}}
                "Providers": {
                  "a": { "Kind": "openai", "BaseUrl": "{{A.Url}}/v1", "ApiKey": "k" },
                  "b": { "Kind": "openai", "BaseUrl": "{{B.Url}}/v1", "ApiKey": "k" }
                },
                "Models": { {{models}} },
                "Keys": {{GatewayHost.KeysJson}},
                "Resilience": { {{resilience}} },
                "Health": { {{health}} }
              }
            }
            """);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
