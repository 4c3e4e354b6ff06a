using System.ClientModel;
using Gateway.Proxy.Quotas;

namespace Gateway.Tests.Quotas;

/// <summary>
/// Config-file key limits on a gateway without a database (counted per replica, in memory): each limit kind refuses
/// in OpenAI's shape with its headers, headers come on successes too, windows reset, token and cost limits settle
/// with the provider's real usage (19 prompt + 10 completion tokens per answer, at a known price).
/// </summary>
[TestFixture]
public sealed class ConfigKeyQuotaTests : GatewayFixture
{
    // $0.01 per prompt token and $1 per completion token: an answer costs 19 * 0.01 + 10 * 1 = $10.19.
    private const decimal AnswerCost = 10.19m;
    private const int AnswerTokens = 29;

    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 10, TimeSpan.Zero));

    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider("openai").Url}}/v1", "ApiKey": "k" },
        "streamer": { "Kind": "openai", "BaseUrl": "{{Provider("streamer").Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "chat": { "Targets": [ { "Provider": "openai", "Model": "m", "Price": { "InputPerMTok": 10000, "OutputPerMTok": 1000000 } } ] },
        "stream-chat": { "Targets": [ { "Provider": "streamer", "Model": "m" } ] }
        """;

    protected override string KeysJson => $$"""
        {
          "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
          "rpm": { "KeyHash": "{{Hash("rpm")}}", "RequestsPerMinute": 3 },
          "reset": { "KeyHash": "{{Hash("reset")}}", "RequestsPerMinute": 1 },
          "sdk": { "KeyHash": "{{Hash("sdk")}}", "RequestsPerMinute": 1 },
          "metrics": { "KeyHash": "{{Hash("metrics")}}", "RequestsPerMinute": 1 },
          "tpm": { "KeyHash": "{{Hash("tpm")}}", "TokensPerMinute": 250 },
          "daily": { "KeyHash": "{{Hash("daily")}}", "DailyBudgetUsd": 125 },
          "monthly": { "KeyHash": "{{Hash("monthly")}}", "MonthlyBudgetUsd": 15 },
          "streamer": { "KeyHash": "{{Hash("streamer")}}", "RequestsPerMinute": 100, "TokensPerMinute": 100000 },
          "both": { "KeyHash": "{{Hash("both")}}", "RequestsPerMinute": 5, "TokensPerMinute": 160 },
          "large": { "KeyHash": "{{Hash("large")}}", "TokensPerMinute": 500 },
          "early": { "KeyHash": "{{Hash("early")}}", "RequestsPerMinute": 1 }
        }
        """;

    protected override void ConfigureServices(IServiceCollection services) => services.AddKeyedSingleton<TimeProvider>(QuotaClock.ServiceKey, _clock);

    protected override Task StartProvidersAsync()
    {
        StartProvider("openai").AnswerChats();
        StartProvider("streamer").ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        return Task.CompletedTask;
    }

    [Test]
    public async Task Requests_per_minute_refuses_the_fourth_request_with_openai_rate_limit_error_and_headers()
    {
        var sentBefore = Provider("openai").Requests.Count;
        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await ChatAsync("rpm");
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Header(ok, "x-ratelimit-limit-requests"), Is.EqualTo("3"));
            Assert.That(Header(ok, "x-ratelimit-reset-requests"), Is.EqualTo("50s"), "the minute window ends 50 s after 00:00:10");
            remaining.Add(Header(ok, "x-ratelimit-remaining-requests")!);
        }
        using var refused = await ChatAsync("rpm");
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;

        Assert.That(remaining, Is.EqualTo(new[] { "2", "1", "0" }));
        Assert.That((int)refused.StatusCode, Is.EqualTo(429));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("requests"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("Rate limit reached for requests per min").And.Contain("try again in 50s"));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(50)));
        Assert.That(Header(refused, "x-ratelimit-limit-requests"), Is.EqualTo("3"));
        Assert.That(Header(refused, "x-ratelimit-remaining-requests"), Is.EqualTo("0"));
        Assert.That(Provider("openai").Requests.Count - sentBefore, Is.EqualTo(3), "the refused request was never sent");
    }

    [Test]
    public async Task A_key_over_its_request_rate_is_refused_before_its_body_is_read()
    {
        using var first = await ChatAsync("early");
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KeyOf("early"));
        // Not JSON: parsing it would answer 400, so a 429 shows the limit was checked first.
        using var body = new StringContent("{ not json at all", Encoding.UTF8, "application/json");
        using var second = await client.PostAsync("/v1/chat/completions", body);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int)second.StatusCode, Is.EqualTo(429));
        Assert.That(JsonNode.Parse(await second.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(Header(second, "x-ratelimit-remaining-requests"), Is.EqualTo("0"));
    }

    [Test]
    public async Task A_new_window_admits_again()
    {
        using var first = await ChatAsync("reset");
        using var refused = await ChatAsync("reset");

        _clock.Advance(TimeSpan.FromMinutes(1));
        using var next = await ChatAsync("reset");

        Assert.That((first.StatusCode, (int)refused.StatusCode, next.StatusCode), Is.EqualTo((HttpStatusCode.OK, 429, HttpStatusCode.OK)));
        Assert.That(Header(next, "x-ratelimit-remaining-requests"), Is.EqualTo("0"));
    }

    [Test]
    public async Task The_openai_sdk_raises_the_refusal_as_a_429()
    {
        var client = Gateway.ChatClient("chat", KeyOf("sdk"));
        await AsyncAssert.DoesNotThrowAsync(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        var refused = await AsyncAssert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(refused!.Status, Is.EqualTo(429));
        Assert.That(refused.Message, Does.Contain("rate_limit_exceeded"));
    }

    [Test]
    public async Task Tokens_per_minute_reserves_the_estimate_and_settles_with_the_real_usage()
    {
        var remaining = new List<int>();
        HttpResponseMessage response;
        while ((response = await ChatAsync("tpm", maxTokens: 100)).StatusCode == HttpStatusCode.OK)
        {
            remaining.Add(int.Parse(Header(response, "x-ratelimit-remaining-tokens")!, System.Globalization.CultureInfo.InvariantCulture));
            response.Dispose();
            Assert.That(remaining, Has.Count.LessThan(20));
        }
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        // The header counts this request's reservation (its estimate) plus what earlier requests really used.
        var estimate = 250 - remaining[0];
        Assert.That(estimate, Is.GreaterThan(100), "prompt estimate + max_tokens 100");
        Assert.That(remaining, Is.EqualTo(Enumerable.Range(0, remaining.Count).Select(i => 250 - estimate - AnswerTokens * i)),
            "each answer settled at its 29 real tokens, not at the estimate");
        Assert.That(AnswerTokens * remaining.Count + estimate, Is.GreaterThan(250), "refused exactly when the next estimate no longer fits");
        Assert.That((int)response.StatusCode, Is.EqualTo(429));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("tokens"));
        Assert.That(Header(response, "x-ratelimit-limit-tokens"), Is.EqualTo("250"));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        response.Dispose();
    }

    [Test]
    public async Task A_request_larger_than_the_whole_limit_is_told_so()
    {
        using var refused = await ChatAsync("large", maxTokens: 1000);
        using var fitting = await ChatAsync("large", maxTokens: 100);

        Assert.That((int)refused.StatusCode, Is.EqualTo(429));
        Assert.That(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>(),
            Does.Contain("This request alone needs").And.Contain("lower max_tokens"));
        Assert.That(fitting.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the refusal reserved nothing");
    }

    [Test]
    public async Task A_request_refused_by_one_limit_gives_back_what_the_others_reserved()
    {
        // About 120 tokens reserved per request, 29 used: the third no longer fits under 160 tokens.
        using var first = await ChatAsync("both", maxTokens: 100);
        using var second = await ChatAsync("both", maxTokens: 100);
        using var refused = await ChatAsync("both", maxTokens: 100);

        Assert.That(((int)first.StatusCode, (int)second.StatusCode, (int)refused.StatusCode), Is.EqualTo((200, 200, 429)));
        Assert.That(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["type"]!.GetValue<string>(), Is.EqualTo("tokens"));
        Assert.That(Header(second, "x-ratelimit-remaining-requests"), Is.EqualTo("3"));
        Assert.That(Header(refused, "x-ratelimit-remaining-requests"), Is.EqualTo("3"), "the refused request's request reservation was returned");
    }

    [Test]
    public async Task A_daily_budget_counts_real_cost_and_refuses_with_insufficient_quota()
    {
        // Each request reserves about $100.19 (max_tokens 100 at $1) and costs $10.19: three fit under $125, a fourth does not.
        var statuses = new List<int>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await ChatAsync("daily", maxTokens: 100);
            statuses.Add((int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }
        var error = JsonNode.Parse(await refused!.Content.ReadAsStringAsync())!["error"]!;

        Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200, 429 }), $"3 × {AnswerCost} + a reservation over $100 exceeds $125");
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("insufficient_quota"));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("insufficient_quota"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("daily budget"));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.FromHours(23)), "the day ends at midnight UTC");
        refused.Dispose();
    }

    [Test]
    public async Task A_monthly_budget_charges_what_an_answer_cost_beyond_its_reservation()
    {
        // max_tokens 5 reserves about $5.19, but the provider's answer has 10 completion tokens: $10.19 is charged.
        using var first = await ChatAsync("monthly", maxTokens: 5);
        using var second = await ChatAsync("monthly", maxTokens: 5);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int)second.StatusCode, Is.EqualTo(429), "$10.19 + $5.19 > $15; had the estimate been charged, $10.38 would have fitted");
        Assert.That(JsonNode.Parse(await second.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>(), Does.Contain("monthly budget"));
    }

    [Test]
    public async Task A_stream_gets_the_headers_and_settles_with_its_final_usage_chunk()
    {
        var first = await StreamAsync();
        var second = await StreamAsync();

        Assert.That(first.Requests, Is.EqualTo("99"));
        Assert.That(second.Requests, Is.EqualTo("98"));
        Assert.That(first.Tokens - second.Tokens, Is.EqualTo(14), "the stream's usage chunk: 9 + 5 tokens");
    }

    [Test]
    public async Task A_key_without_limits_gets_no_rate_limit_headers()
    {
        using var response = await ChatAsync(null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Any(header => header.Key.StartsWith("x-ratelimit", StringComparison.OrdinalIgnoreCase)), Is.False);
    }

    [Test]
    public async Task Rejections_and_leases_are_in_prometheus()
    {
        using var ok = await ChatAsync("metrics");
        using var refused = await ChatAsync("metrics");

        var metrics = await Gateway.Http.GetStringAsync("/metrics");

        Assert.That((int)refused.StatusCode, Is.EqualTo(429));
        Assert.That(metrics, Does.Contain("gateway_quota_rejections_total{subject_kind=\"key\",metric=\"requests\"}"));
        Assert.That(metrics, Does.Contain("gateway_quota_leases_total{metric=\"requests\",outcome=\"granted\"}"));
        Assert.That(metrics, Does.Contain("gateway_quota_lease_wait_seconds_bucket{metric=\"requests\""));
    }

    private async Task<(string? Requests, int Tokens)> StreamAsync()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KeyOf("streamer"));
        using var body = new StringContent(
            """{"model":"stream-chat","stream":true,"stream_options":{"include_usage":true},"max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""",
            Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/v1/chat/completions", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await response.Content.ReadAsStringAsync();
        return (Header(response, "x-ratelimit-remaining-requests"),
            int.Parse(Header(response, "x-ratelimit-remaining-tokens")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private Task<HttpResponseMessage> ChatAsync(string? key, int? maxTokens = null)
    {
        var max = maxTokens is { } value ? $"\"max_tokens\":{value}," : string.Empty;
        return Gateway.PostChatAsync($$"""{"model":"chat",{{max}}"messages":[{"role":"user","content":"hi"}]}""", key is null ? GatewayHost.ClientKey : KeyOf(key));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static string KeyOf(string name) => "gw-quota-test-" + name;

    private static string Hash(string name) => GatewayHost.KeyHash(KeyOf(name));
}
