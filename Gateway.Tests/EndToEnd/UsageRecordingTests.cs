using Gateway.Data.Keys;
using Npgsql;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// One usage record per request on a real PostgreSQL, for every kind of request — whole, streamed, failed, failed over,
/// cut short by the client — with the tokens and cost each should carry; OpenRouter's usage accounting and stats
/// endpoints; the admin analytics.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class UsageRecordingTests : DatabaseGatewayFixture
{
    private const string AdminKey = "gw-test-admin-key-0123456789";
    private const string OtherKey = "gw-test-other-key-0123456789";
    private const string BudgetedKey = "gw-test-budgeted-key-0123456789";

    private PacedStreamProvider _slow = null!;
    private string _spool = null!;

    protected override string ProvidersJson => $$"""
        "openai":    { "Kind": "openai", "BaseUrl": "{{Provider("openai").Url}}/v1", "ApiKey": "k" },
        "streaming": { "Kind": "openai", "BaseUrl": "{{Provider("streaming").Url}}/v1", "ApiKey": "k" },
        "failing":   { "Kind": "openai", "BaseUrl": "{{Provider("failing").Url}}/v1", "ApiKey": "k" },
        "refusing":  { "Kind": "openai", "BaseUrl": "{{Provider("refusing").Url}}/v1", "ApiKey": "k" },
        "anthropic": { "Kind": "anthropic", "BaseUrl": "{{Provider("anthropic").Url}}", "ApiKey": "k" },
        "slow":      { "Kind": "openai", "BaseUrl": "{{_slow.Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "chat":     { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10, "CachedInputPerMTok": 1.25 } } ] },
        "stream":   { "Targets": [ { "Provider": "streaming", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10 } } ] },
        "bad":      { "Targets": [ { "Provider": "refusing", "Model": "m", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10 } } ] },
        "failover": { "Targets": [
          { "Provider": "failing", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 99, "OutputPerMTok": 99 } },
          { "Provider": "openai", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10 } } ] },
        "claude":   { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5", "MaxOutputTokens": 1024,
                      "Price": { "InputPerMTok": 3, "OutputPerMTok": 15, "CachedInputPerMTok": 0.30, "CacheWritePerMTok": 3.75 } } ] },
        "slow":     { "Targets": [ { "Provider": "slow", "Model": "slow-no-usage", "Price": { "InputPerMTok": 1, "OutputPerMTok": 2 } } ] }
        """;

    protected override string KeysJson => $$"""
        {
          "test":  { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
          "other": { "KeyHash": "sha256:{{Hash(OtherKey)}}" },
          "admin": { "KeyHash": "sha256:{{Hash(AdminKey)}}", "Admin": true },
          "budgeted": { "KeyHash": "sha256:{{Hash(BudgetedKey)}}", "MonthlyBudgetUsd": 25, "RequestsPerMinute": 1000 }
        }
        """;

    protected override string SettingsJson => $$"""
        "Health": {{GatewayHost.NoCooldownsJson}}
        """;

    protected override string[] ExtraArgs => ["--Gateway:Usage:SpoolDirectory", _spool];

    protected override async Task StartProvidersAsync()
    {
        StartProvider("openai").AnswerChats();
        StartProvider("streaming").ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        StartProvider("failing").Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        StartProvider("refusing").Reply("/v1/chat/completions", 400, Fixture.Text("OpenAi", "error-400.json"));
        StartProvider("anthropic").Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-cached-usage.json"));
        _slow = await StartPacedProviderAsync(words: 400, interval: TimeSpan.FromMilliseconds(25));
        _spool = CreateTempDirectory("gw-usage-spool-");
    }

    [Test]
    public async Task Records_a_whole_answer_with_its_tokens_cost_attempt_and_routing_decision()
    {
        var (id, row) = await RecordedChatAsync("chat");
        Assert.That(row["config_key_id"], Is.EqualTo("test"));
        Assert.That(row["requested_model"], Is.EqualTo("chat"));
        Assert.That(row["provider_id"], Is.EqualTo("openai"));
        Assert.That(row["served_model"], Is.EqualTo("gpt-4o-mini-2024-07-18"));
        Assert.That(row["provider_response_id"], Is.EqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT"));
        Assert.That(row["status"], Is.EqualTo((short)200));
        // Cost: 19 × 2.50 + 10 × 10.00 = 147.5 per million.
        UsageRowAssert.Has(row, promptTokens: 19, completionTokens: 10, cost: 0.0001475m, stream: false, estimated: false);
        Assert.That(row["finish_reason"], Is.EqualTo("stop"));
        Assert.That(row["latency_ms"], Is.GreaterThanOrEqualTo(0));
        Assert.That(row["upstream_latency_ms"], Is.Not.Null);
        Assert.That(row["ttft_ms"], Is.Not.Null);
        Assert.That(row["client_ip"]!.ToString(), Is.EqualTo("127.0.0.1"));
        Assert.That(row["user_agent"], Is.EqualTo("usage-tests/1.0"));
        var decision = JsonNode.Parse((string)row["routing_decision"]!)!;
        Assert.That(decision["strategy"]!.GetValue<string>(), Is.EqualTo("failover"));
        Assert.That(decision["candidates"]![0]!["outcome"]!.GetValue<string>(), Is.EqualTo("success"));
        var attempts = JsonNode.Parse((string)row["attempts"]!)!.AsArray();
        Assert.That(attempts, Has.Count.EqualTo(1));
        Assert.That(attempts[0]!["cost"]!.GetValue<decimal>(), Is.EqualTo(0.0001475m));
        Assert.That(await EventsAsync(id), Is.EqualTo(new[] { (1, "openai", 0.0001475m) }));
    }

    [Test]
    public async Task Records_a_stream_with_the_usage_of_its_last_chunk()
    {
        var (_, row) = await RecordedChatAsync("stream", stream: true);
        // Cost: 9 × 2.50 + 5 × 10.00 = 72.5 per million.
        UsageRowAssert.Has(row, promptTokens: 9, completionTokens: 5, cost: 0.0000725m, stream: true, estimated: false);
        Assert.That(row["ttft_ms"], Is.Not.Null);
    }

    [Test]
    public async Task Records_a_failed_request_with_its_error_and_nothing_billed()
    {
        var (id, row) = await RecordedChatAsync("bad", status: 400);
        Assert.That(row["status"], Is.EqualTo((short)400));
        Assert.That(row["error_code"], Is.Not.Null);
        UsageRowAssert.Has(row, promptTokens: 0, completionTokens: 0, cost: 0m);
        var attempt = JsonNode.Parse((string)row["attempts"]!)![0]!;
        Assert.That((attempt["billed"]!.GetValue<bool>(), attempt["status"]!.GetValue<int>()), Is.EqualTo((false, 400)));
        Assert.That(await EventsAsync(id), Is.Empty);
    }

    [Test]
    public async Task Records_a_failed_over_request_with_both_attempts_and_bills_only_the_one_that_answered()
    {
        var (id, row) = await RecordedChatAsync("failover");
        Assert.That(row["provider_id"], Is.EqualTo("openai"));
        Assert.That(row["cost"], Is.EqualTo(0.0001475m));
        var candidates = JsonNode.Parse((string)row["routing_decision"]!)!["candidates"]!.AsArray();
        Assert.That(candidates.Select(c => (c!["provider"]!.GetValue<string>(), c["outcome"]!.GetValue<string>())),
            Is.EqualTo(new[] { ("failing", "upstream_error"), ("openai", "success") }));
        Assert.That(JsonNode.Parse((string)row["attempts"]!)!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(await EventsAsync(id), Is.EqualTo(new[] { (2, "openai", 0.0001475m) }));
    }

    [Test]
    public async Task Bills_cached_reads_and_cache_writes_at_their_prices()
    {
        var (_, row) = await RecordedChatAsync("claude");
        // Cost: 21 × 3 + 187,354 × 0.30 + 188 × 3.75 + 393 × 15 = 62,869.2 per million.
        UsageRowAssert.Has(row, promptTokens: 187_563, cachedReadTokens: 187_354, cacheWriteTokens: 188, completionTokens: 393, cost: 0.0628692m);
    }

    [Test]
    public async Task Bills_a_stream_the_client_left_for_what_was_generated_until_then_as_an_estimate()
    {
        using var client = Client(GatewayHost.ClientKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Body("slow", stream: true, usageInclude: false),
        };
        string id;
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            id = response.Headers.GetValues("x-request-id").Single();
            await SseReading.ReadUntilAsync(response, PacedStreamProvider.Word, 5);
        }
        // The response is disposed: the client has gone.
        await _slow.HungUp.WaitAsync(TimeSpan.FromSeconds(10));

        var row = await RecordAsync(id);
        Assert.That(row["status"], Is.EqualTo((short)499));
        Assert.That(row["error_code"], Is.EqualTo("client_closed_request"));
        UsageRowAssert.Has(row, stream: true, estimated: true);
        var completion = (int)row["completion_tokens"]!;
        var wordsSent = _slow.WordsSent;
        // At least the five words the client saw ("hello " is 6 bytes, 4 bytes a token), at most every word sent.
        Assert.That(completion, Is.InRange((int)Math.Ceiling(5 * 6 / 4.0), (int)Math.Ceiling(wordsSent * 6 / 4.0)));
        var prompt = (int)row["prompt_tokens"]!;
        Assert.That(prompt, Is.GreaterThan(0), "the prompt is estimated from the request");
        // Price 1.00 in, 2.00 out per million.
        Assert.That(row["cost"], Is.EqualTo((prompt * 1.00m + completion * 2.00m) / 1_000_000m));
        Assert.That(await EventsAsync(id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Adds_cost_to_usage_when_the_client_asks_for_usage_accounting()
    {
        var (_, whole, _) = await ChatAsync("chat", usageInclude: true);
        Assert.That(JsonNode.Parse(whole)!["usage"]!["cost"]!.GetValue<decimal>(), Is.EqualTo(0.0001475m));

        var (_, streamed, _) = await ChatAsync("stream", stream: true, usageInclude: true);
        var usageChunk = streamed.Split("\n\n").Where(e => e.Contains("\"usage\":{", StringComparison.Ordinal)).Single();
        Assert.That(JsonNode.Parse(usageChunk["data: ".Length..])!["usage"]!["cost"]!.GetValue<decimal>(), Is.EqualTo(0.0000725m));

        var (_, plain, _) = await ChatAsync("chat");
        Assert.That(JsonNode.Parse(plain)!["usage"]!.AsObject().ContainsKey("cost"), Is.False);
    }

    [Test]
    public async Task Reports_a_generation_to_its_own_key_only()
    {
        var (id, _) = await RecordedChatAsync("chat");

        using var own = Client(GatewayHost.ClientKey);
        var data = JsonNode.Parse(await own.GetStringAsync($"/api/v1/generation?id={id}"))!["data"]!;
        Assert.That(data["id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(data["total_cost"]!.GetValue<decimal>(), Is.EqualTo(0.0001475m));
        Assert.That((data["tokens_prompt"]!.GetValue<int>(), data["tokens_completion"]!.GetValue<int>()), Is.EqualTo((19, 10)));
        // The provider reported them: its own counts.
        Assert.That((data["native_tokens_prompt"]!.GetValue<int>(), data["native_tokens_completion"]!.GetValue<int>()), Is.EqualTo((19, 10)));
        Assert.That(data.AsObject().ContainsKey("native_finish_reason"), Is.False);
        Assert.That(data["provider_name"]!.GetValue<string>(), Is.EqualTo("openai"));
        Assert.That(data["streamed"]!.GetValue<bool>(), Is.False);

        using var other = Client(OtherKey);
        Assert.That((await other.GetAsync($"/api/v1/generation?id={id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await own.GetAsync("/api/v1/generation")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Reports_the_calling_keys_label_and_spend()
    {
        await RecordedChatAsync("chat", key: OtherKey);

        var data = await KeyDataAsync(OtherKey);
        Assert.That(data["label"]!.GetValue<string>(), Is.EqualTo("other"));
        Assert.That(data["usage"]!.GetValue<decimal>(), Is.GreaterThanOrEqualTo(0.0001475m));
        Assert.That(data["usage_daily"]!.GetValue<decimal>(), Is.GreaterThanOrEqualTo(0.0001475m));
        Assert.That(data["limit"], Is.Null);
    }

    [Test]
    public async Task Reports_the_calling_keys_budget_as_its_credit_limit()
    {
        await RecordedChatAsync("chat", key: BudgetedKey);

        var data = await KeyDataAsync(BudgetedKey);

        Assert.That(data["limit"]!.GetValue<decimal>(), Is.EqualTo(25m));
        Assert.That(data["limit_reset"]!.GetValue<string>(), Is.EqualTo("monthly"));
        Assert.That(data["limit_remaining"]!.GetValue<decimal>(), Is.LessThan(25m).And.GreaterThan(24.99m));
        Assert.That(data["rate_limit"]!["requests"]!.GetValue<int>(), Is.EqualTo(1000));
    }

    [Test]
    public async Task Serves_analytics_to_admin_keys_only()
    {
        await RecordedChatAsync("chat");

        using var anonymous = new HttpClient { BaseAddress = Gateway.BaseAddress };
        Assert.That((await anonymous.GetAsync("/admin/v1/analytics/usage")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var user = Client(GatewayHost.ClientKey);
        Assert.That((await user.GetAsync("/admin/v1/analytics/usage")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        using var admin = Client(AdminKey);
        var byModel = JsonNode.Parse(await admin.GetStringAsync("/admin/v1/analytics/usage?group_by=model"))!["data"]!.AsArray();
        var chat = byModel.Single(row => row!["value"]!.GetValue<string>() == "chat")!;
        Assert.That(chat["requests"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(1));
        Assert.That(chat["cost"]!.GetValue<decimal>(), Is.GreaterThanOrEqualTo(0.0001475m));
        var byKey = JsonNode.Parse(await admin.GetStringAsync("/admin/v1/analytics/usage?group_by=key&granularity=hour"))!["data"]!.AsArray();
        Assert.That(byKey.Select(row => row!["value"]!.GetValue<string>()), Does.Contain("config:test"));
        Assert.That(byKey[0]!["bucket"], Is.Not.Null);
        var latency = JsonNode.Parse(await admin.GetStringAsync("/admin/v1/analytics/latency"))!["data"]!.AsArray();
        var openAi = latency.Single(row => row!["provider"]!.GetValue<string>() == "openai")!;
        Assert.That(openAi["latency_ms"]!["p99"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(openAi["latency_ms"]!["p50"]!.GetValue<double>()));
        Assert.That((await admin.GetAsync("/admin/v1/analytics/usage?group_by=user")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.GetAsync("/admin/v1/analytics/usage?from=2026-01-02&to=2026-01-01")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Records_the_tenant_of_a_database_key_and_stores_bodies_where_its_environment_opts_in()
    {
        var (org, team, environment) = await Database.CreateEnvironmentAsync("bodies-org", "bodies-team", "audited", storeBodies: true);
        var key = await new ApiKeyRepository(Database.DataSource, Database.Options).CreateAsync(
            new NewApiKey("audited-key", [new ApiKeyBindingSpec(Scope.ForEnvironment(environment.Id), [])]), CancellationToken.None);

        var (id, row) = await RecordedChatAsync("chat", key: key.Secret);
        Assert.That((row["key_id"], row["org_id"], row["team_id"], row["environment_id"]), Is.EqualTo((key.Key.Id, org.Id, team.Id, environment.Id)));
        await using var command = Database.DataSource.CreateCommand("select request_body, response_body, request_truncated from request_bodies where request_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "the body row is written with the record");
        Assert.That(reader.GetString(0), Does.Contain("\"messages\""));
        Assert.That(reader.GetString(1), Does.Contain("Hello! How can I assist you today?"));
        Assert.That(reader.GetBoolean(2), Is.False);

        var (_, _, streamId) = await ChatAsync("stream", stream: true, key: key.Secret);
        await RecordAsync(streamId);
        var streamed = await Database.ScalarAsync<string>("select response_body from request_bodies where request_id = $1", streamId);
        Assert.That(streamed, Does.StartWith("data: {").And.Contain("data: [DONE]"), "a stream is stored as the SSE text the client received");

        var (_, _, plainId) = await ChatAsync("chat");
        await RecordAsync(plainId);
        Assert.That(await Database.ScalarAsync<long>("select count(*) from request_bodies where request_id = $1", plainId), Is.Zero,
            "config keys' environments store no bodies");
    }

    private static string Hash(string key) => GatewayHost.KeyHash(key);

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("usage-tests/1.0");
        return client;
    }

    private static StringContent Body(string model, bool stream, bool usageInclude)
    {
        var extra = (stream ? ",\"stream\":true" : "") + (usageInclude ? ",\"usage\":{\"include\":true}" : "");
        return new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"Say hello to the usage tests."}]{{extra}}}""",
            Encoding.UTF8, "application/json");
    }

    private async Task<(int Status, string Body, string Id)> ChatAsync(string model, bool stream = false, bool usageInclude = false, string key = GatewayHost.ClientKey)
    {
        using var client = Client(key);
        using var response = await client.PostAsync("/v1/chat/completions", Body(model, stream, usageInclude));
        var body = await response.Content.ReadAsStringAsync();
        var id = response.Headers.GetValues("x-request-id").Single();
        return ((int)response.StatusCode, body, id);
    }

    /// <summary>Sends a chat for <paramref name="model"/>, checks that the gateway answered <paramref name="status"/>, and returns the request's id and usage row.</summary>
    private async Task<(string Id, Dictionary<string, object?> Row)> RecordedChatAsync(string model, int status = 200, bool stream = false, string key = GatewayHost.ClientKey)
    {
        var (answered, _, id) = await ChatAsync(model, stream, key: key);
        Assert.That(answered, Is.EqualTo(status));
        return (id, await RecordAsync(id));
    }

    /// <summary>What <c>/api/v1/key</c> tells the caller with <paramref name="key"/> about that key.</summary>
    private async Task<JsonNode> KeyDataAsync(string key)
    {
        using var client = Client(key);
        return JsonNode.Parse(await client.GetStringAsync("/api/v1/key"))!["data"]!;
    }

    /// <summary>The request's row, once the writer has written it.</summary>
    private Task<Dictionary<string, object?>> RecordAsync(string id) => Database.RequestRowAsync(id);

    private async Task<List<(int Attempt, string Provider, decimal Cost)>> EventsAsync(string id)
    {
        await using var command = Database.DataSource.CreateCommand("select attempt, provider_id, cost from usage_events where request_id = $1 order by attempt");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(int, string, decimal)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetInt16(0), reader.GetString(1), reader.GetDecimal(2)));
        }
        return events;
    }
}
