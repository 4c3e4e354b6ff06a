using System.ClientModel;
using Gateway.Data.Keys;
using Gateway.Data.Tenancy;
using Gateway.Policies.Tenancy;
using Gateway.Proxy.Cache;

namespace Gateway.Tests.Cache;

/// <summary>
/// The exact-match response cache end to end: the OpenAI SDK against the gateway on a real PostgreSQL, WireMock as the
/// providers (counting what reached them). Each test sends its own prompt, so its entries are its own.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class ResponseCacheTests : DatabaseTest
{
    private const string AdminKey = "gw-test-admin-key-cache-0123456789";
    private const string BudgetedKey = "gw-test-budgeted-key-cache-0123456789";
    private const string Answer = "Hello! How can I assist you today?";

    private FakeProvider _whole = null!;
    private FakeProvider _stream = null!;
    private ManualClock _clock = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _whole = FakeProvider.AnsweringChats();
        _whole.Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings-base64.response.json"));
        _stream = new FakeProvider();
        _stream.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        _clock = new ManualClock(DateTimeOffset.UtcNow);
        _gateway = await StartGatewayAsync(Database.ConnectionString, _clock);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        _whole.Dispose();
        _stream.Dispose();
    }

    [Test]
    public async Task Answers_the_same_request_again_from_the_cache_without_asking_the_provider()
    {
        var (prompt, first, second) = await AskTwiceAsync(_gateway.ChatClient("cached"));

        Assert.That(CacheHeader(first), Is.EqualTo("miss"));
        Assert.That(CacheHeader(second), Is.EqualTo("hit"));
        Assert.That(second.Value.Content[0].Text, Is.EqualTo(Answer));
        Assert.That(second.Value.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(second.Value.Id, Does.StartWith("gen-").And.Not.EqualTo(first.Value.Id), "a hit is a new generation");
        Assert.That(second.GetRawResponse().Headers.TryGetValue("x-request-id", out var requestId) ? requestId : null, Is.EqualTo(second.Value.Id));
        Assert.That(Calls(_whole, prompt), Is.EqualTo(1));
    }

    [Test]
    public async Task The_key_ignores_layout_white_space_and_member_order()
    {
        var prompt = Prompt();
        using var first = await PostAsync($$"""{"model":"cached","temperature":0,"messages":[{"role":"user","content":"{{prompt}}"}]}""");
        using var second = await PostAsync($$"""
            {
              "messages": [ { "content": "{{prompt}}", "role": "user" } ],
              "temperature": 0.0,
              "model": "cached"
            }
            """);

        Assert.That((Header(first, "x-gateway-cache"), Header(second, "x-gateway-cache")), Is.EqualTo(("miss", "hit")));
        Assert.That(Calls(_whole, prompt), Is.EqualTo(1));
    }

    [Test]
    public async Task Replays_a_cached_whole_answer_as_a_stream()
    {
        var prompt = Prompt();
        var client = _gateway.ChatClient("cached");
        await client.CompleteChatAsync([new UserChatMessage(prompt)], Deterministic());

        // The SDK asks for the usage chunk (stream_options.include_usage) on every stream.
        var stream = await SdkStreamResult.CollectAsync(client.CompleteChatStreamingAsync([new UserChatMessage(prompt)], Deterministic()));

        Assert.That(stream.Text.ToString(), Is.EqualTo(Answer));
        Assert.That(stream.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(stream.Usage?.InputTokenCount, Is.EqualTo(19), "the original's usage");
        Assert.That(stream.CompletionIds.Single(), Does.StartWith("gen-"));
        Assert.That(Calls(_whole, prompt), Is.EqualTo(1));
    }

    [Test]
    public async Task Replays_a_cached_stream_as_a_stream_and_whole()
    {
        var prompt = Prompt();
        var client = _gateway.ChatClient("cached-stream");
        var original = await SdkStreamResult.CollectAsync(client.CompleteChatStreamingAsync([new UserChatMessage(prompt)], Deterministic()));
        var replayed = await SdkStreamResult.CollectAsync(client.CompleteChatStreamingAsync([new UserChatMessage(prompt)], Deterministic()));
        var whole = await client.CompleteChatAsync([new UserChatMessage(prompt)], Deterministic());

        Assert.That(original.Text.ToString(), Is.EqualTo("Hello from Zürich 👋"));
        Assert.That(replayed.Text.ToString(), Is.EqualTo(original.Text.ToString()));
        Assert.That(replayed.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(replayed.CompletionIds.Single(), Is.Not.EqualTo(original.CompletionIds.Single()));
        Assert.That(CacheHeader(whole), Is.EqualTo("hit"));
        Assert.That(whole.Value.Content[0].Text, Is.EqualTo("Hello from Zürich 👋"));
        Assert.That(whole.Value.Usage.OutputTokenCount, Is.EqualTo(5), "the stream's usage chunk");
        Assert.That(Calls(_stream, prompt), Is.EqualTo(1));
    }

    [Test]
    public async Task No_cache_skips_the_lookup_but_stores_and_no_store_does_neither()
    {
        var prompt = Prompt();
        var body = $$"""{"model":"cached","temperature":0,"messages":[{"role":"user","content":"{{prompt}}"}]}""";

        using var noStore = await PostAsync(body, cacheControl: "no-store");
        using var afterNoStore = await PostAsync(body, cacheControl: "no-cache");
        using var cached = await PostAsync(body);

        Assert.That(Header(noStore, "x-gateway-cache"), Is.EqualTo("bypass"));
        Assert.That(Header(afterNoStore, "x-gateway-cache"), Is.EqualTo("bypass"), "no-cache does not look up, though nothing was stored anyway");
        Assert.That(Header(cached, "x-gateway-cache"), Is.EqualTo("hit"), "what no-cache fetched was stored");
        Assert.That(Calls(_whole, prompt), Is.EqualTo(2));

        using var skipped = await PostAsync(body, cacheControl: "no-cache");
        Assert.That(Header(skipped, "x-gateway-cache"), Is.EqualTo("bypass"));
        Assert.That(Calls(_whole, prompt), Is.EqualTo(3), "no-cache asks the provider even with an entry there");
    }

    [Test]
    public async Task An_entry_expires_after_its_ttl_and_a_request_may_shorten_it()
    {
        var prompt = Prompt();
        var body = $$"""{"model":"cached","temperature":0,"messages":[{"role":"user","content":"{{prompt}}"}]}""";
        using var stored = await PostAsync(body, ttl: "5");
        _clock.Advance(TimeSpan.FromSeconds(4));
        using var fresh = await PostAsync(body);
        _clock.Advance(TimeSpan.FromSeconds(2));
        using var expired = await PostAsync(body, ttl: "3600");
        _clock.Advance(TimeSpan.FromSeconds(59));
        using var stillThere = await PostAsync(body);
        _clock.Advance(TimeSpan.FromSeconds(2));
        using var afterAliasTtl = await PostAsync(body);

        Assert.That(Header(stored, "x-gateway-cache"), Is.EqualTo("miss"));
        Assert.That(Header(fresh, "x-gateway-cache"), Is.EqualTo("hit"));
        Assert.That(Header(expired, "x-gateway-cache"), Is.EqualTo("miss"), "the header's 5 s had passed");
        Assert.That(Header(stillThere, "x-gateway-cache"), Is.EqualTo("hit"));
        Assert.That(Header(afterAliasTtl, "x-gateway-cache"), Is.EqualTo("miss"), "a longer TTL asked for is capped at the alias's 60 s");
        Assert.That(Calls(_whole, prompt), Is.EqualTo(3));
    }

    [Test]
    public async Task A_ttl_header_that_is_not_whole_seconds_is_refused_naming_it()
    {
        using var response = await PostAsync("""{"model":"cached","temperature":0,"messages":[{"role":"user","content":"x"}]}""", ttl: "1.5");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("x-gateway-cache-ttl"));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("invalid_cache_ttl"));
    }

    [Test]
    public async Task Sampling_requests_are_cached_only_where_the_alias_allows_it()
    {
        var prompt = Prompt();
        var sampled = new ChatCompletionOptions { Temperature = 0.7f };

        var first = await _gateway.ChatClient("cached").CompleteChatAsync([new UserChatMessage(prompt)], sampled);
        var second = await _gateway.ChatClient("cached").CompleteChatAsync([new UserChatMessage(prompt)], sampled);
        var unset = await _gateway.ChatClient("cached").CompleteChatAsync([new UserChatMessage(prompt)]);
        var allowed = await _gateway.ChatClient("cached-sampling").CompleteChatAsync([new UserChatMessage(prompt)], sampled);
        var allowedAgain = await _gateway.ChatClient("cached-sampling").CompleteChatAsync([new UserChatMessage(prompt)], sampled);

        Assert.That((CacheHeader(first), CacheHeader(second), CacheHeader(unset)), Is.EqualTo(("bypass", "bypass", "bypass")),
            "temperature above 0, or none (OpenAI's default is 1), samples");
        Assert.That((CacheHeader(allowed), CacheHeader(allowedAgain)), Is.EqualTo(("miss", "hit")));
        Assert.That(Calls(_whole, prompt), Is.EqualTo(4));
    }

    [Test]
    public async Task Keys_of_different_tenants_never_share_an_entry()
    {
        var prompt = Prompt();
        var acme = await CreateTenantKeyAsync("acme");
        var globex = await CreateTenantKeyAsync("globex");

        var acmeFirst = await _gateway.ChatClient("cached", acme).CompleteChatAsync([new UserChatMessage(prompt)], Deterministic());
        var acmeSecond = await _gateway.ChatClient("cached", acme).CompleteChatAsync([new UserChatMessage(prompt)], Deterministic());
        var globexFirst = await _gateway.ChatClient("cached", globex).CompleteChatAsync([new UserChatMessage(prompt)], Deterministic());
        var configKey = await _gateway.ChatClient("cached").CompleteChatAsync([new UserChatMessage(prompt)], Deterministic());

        Assert.That((CacheHeader(acmeFirst), CacheHeader(acmeSecond)), Is.EqualTo(("miss", "hit")));
        Assert.That(CacheHeader(globexFirst), Is.EqualTo("miss"), "another organization's key");
        Assert.That(CacheHeader(configKey), Is.EqualTo("miss"), "a config-file key belongs to no tenant");
        Assert.That(Calls(_whole, prompt), Is.EqualTo(3));
    }

    [Test]
    public async Task Replicas_on_one_database_share_entries()
    {
        var prompt = Prompt();
        var body = $$"""{"model":"cached","temperature":0,"messages":[{"role":"user","content":"{{prompt}}"}]}""";
        using var parsed = JsonDocument.Parse(body);
        var key = ResponseCacheKey.Compute("chat", ScopeChain.Global, parsed.RootElement);
        await using var replica = await StartGatewayAsync(Database.ConnectionString, _clock);

        using var first = await PostAsync(body);
        // The shared tier is written in the background, after the answer: wait for the row, not for a hit (a miss would store).
        await EventuallyAsync(async () => await Database.ScalarAsync<long>("select count(*) from response_cache where key = $1", key) == 1);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var second = await replica.Http.SendAsync(request);

        Assert.That((Header(first, "x-gateway-cache"), Header(second, "x-gateway-cache")), Is.EqualTo(("miss", "hit")));
        Assert.That(JsonNode.Parse(await second.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(Answer));
        Assert.That(Calls(_whole, prompt), Is.EqualTo(1), "the second replica had the answer from the database");
        var metrics = await replica.Http.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("gateway_response_cache_hits_total{tier=\"database\",alias=\"cached\"}"));
    }

    [Test]
    public async Task Records_a_hit_with_no_cost_and_the_cost_it_saved()
    {
        var (_, miss, hit) = await AskTwiceAsync(_gateway.ChatClient("cached"));

        var missRow = await Database.RequestRowAsync(miss.Value.Id);
        var hitRow = await Database.RequestRowAsync(hit.Value.Id);

        // 19 × 2.50 + 10 × 10.00 = 147.5 per million.
        Assert.That((missRow["cache_hit"], missRow["cost"], missRow["cost_saved"]), Is.EqualTo((false, 0.0001475m, 0m)));
        Assert.That((hitRow["cache_hit"], hitRow["cost"], hitRow["cost_saved"]), Is.EqualTo((true, 0m, 0.0001475m)));
        Assert.That((hitRow["prompt_tokens"], hitRow["completion_tokens"]), Is.EqualTo((0, 0)), "nothing was billed");
        Assert.That((hitRow["status"], hitRow["provider_id"], hitRow["requested_model"]), Is.EqualTo(((short)200, "openai", "cached")));
        Assert.That(JsonNode.Parse((string)hitRow["attempts"]!)!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Caches_an_alias_defined_through_the_admin_api()
    {
        var prompt = Prompt();
        using var admin = new HttpClient { BaseAddress = _gateway.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var name = "admin-cached-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await admin.PostAsync("/admin/v1/aliases", new StringContent($$"""
            {"scope":"global","name":"{{name}}","targets":[{"provider":"openai","model":"gpt-4o-mini"}],
             "cache":{"ttl_seconds":30,"cache_non_deterministic":true} }
            """, Encoding.UTF8, "application/json"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var alias = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.That(alias["cache"]!["ttl_seconds"]!.GetValue<int>(), Is.EqualTo(30));
        Assert.That(alias["cache"]!["cache_non_deterministic"]!.GetValue<bool>(), Is.True);

        ClientResult<ChatCompletion>? second = null;
        await EventuallyAsync(async () =>
        {
            try
            {
                await _gateway.ChatClient(name).CompleteChatAsync([new UserChatMessage(prompt)]);
            }
            catch (ClientResultException)
            {
                return false;
            }
            second = await _gateway.ChatClient(name).CompleteChatAsync([new UserChatMessage(prompt)]);
            return true;
        });
        Assert.That(CacheHeader(second!), Is.EqualTo("hit"), "sampling allowed by the row's cache_non_deterministic");
        Assert.That(Calls(_whole, prompt), Is.EqualTo(1));

        using var invalid = await admin.PostAsync("/admin/v1/aliases", new StringContent($$"""
            {"scope":"global","name":"{{name}}-bad","targets":[{"provider":"openai","model":"gpt-4o-mini"}],"cache":{"ttl_seconds":0} }
            """, Encoding.UTF8, "application/json"));
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("cache.ttl_seconds"));
    }

    [Test]
    public async Task Caches_embeddings()
    {
        var prompt = Prompt();
        var client = _gateway.OpenAIClient().GetEmbeddingClient("cached-embeddings");

        var options = new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = 4 };
        var first = await client.GenerateEmbeddingsAsync([prompt, "grass is green"], options);
        var second = await client.GenerateEmbeddingsAsync([prompt, "grass is green"], options);

        Assert.That((CacheHeader(first), CacheHeader(second)), Is.EqualTo(("miss", "hit")));
        Assert.That(second.Value[0].ToFloats().ToArray(), Is.EqualTo(first.Value[0].ToFloats().ToArray()));
        Assert.That(second.Value.Usage.InputTokenCount, Is.EqualTo(first.Value.Usage.InputTokenCount));
        Assert.That(Calls(_whole, prompt), Is.EqualTo(1));
    }

    [Test]
    public async Task A_hit_counts_no_tokens_against_a_quota()
    {
        var prompt = Prompt();
        // 60 tokens a minute: the first answer uses 29 of them, and its reservation (the body's estimate plus max_tokens) fits once.
        var body = $$"""{"model":"cached","temperature":0,"max_tokens":10,"messages":[{"role":"user","content":"{{prompt}}"}]}""";
        using var client = new HttpClient { BaseAddress = _gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BudgetedKey);

        var statuses = new List<(HttpStatusCode, string?)>();
        foreach (var cacheControl in new string?[] { null, null, null, "no-cache", "no-cache" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (cacheControl is not null)
            {
                request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
            }
            using var response = await client.SendAsync(request);
            statuses.Add((response.StatusCode, Header(response, "x-gateway-cache")));
        }

        Assert.That(statuses.Take(3), Is.EqualTo(new[] { (HttpStatusCode.OK, "miss"), (HttpStatusCode.OK, "hit"), (HttpStatusCode.OK, "hit") }));
        Assert.That(statuses.Last().Item1, Is.EqualTo(HttpStatusCode.TooManyRequests), "asking the provider again does count, and the minute's tokens run out");
        Assert.That(Calls(_whole, prompt), Is.LessThanOrEqualTo(2));
    }

    [Test]
    public async Task A_database_outage_leaves_the_cache_in_memory_and_fails_no_request()
    {
        const string Unreachable = "Host=127.0.0.1;Port=9;Username=postgres;Database=none;Timeout=2";
        await using var offline = await StartGatewayAsync(Unreachable, clock: null, "--Gateway:Database:StartupWaitSeconds", "0.5");

        var (prompt, first, second) = await AskTwiceAsync(offline.ChatClient("cached"));

        Assert.That((CacheHeader(first), CacheHeader(second)), Is.EqualTo(("miss", "hit")));
        Assert.That(second.Value.Content[0].Text, Is.EqualTo(Answer));
        Assert.That(Calls(_whole, prompt), Is.EqualTo(1));
        Assert.That(await offline.Http.GetStringAsync("/metrics"), Does.Contain("gateway_response_cache_database_errors_total"));
    }

    private Task<GatewayHost> StartGatewayAsync(string connectionString, ManualClock? clock, params string[] extra) =>
        GatewayHost.StartAsync(Config(), services =>
        {
            if (clock is not null)
            {
                services.AddKeyedSingleton<TimeProvider>(ResponseCacheClock.ServiceKey, clock);
            }
        },
        [
            "--ConnectionStrings:Gateway", connectionString,
            "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"),
            "--Gateway:Usage:MaxBatchDelaySeconds", "0.02",
            "--Gateway:Usage:SpoolDirectory", Path.Combine(Path.GetTempPath(), "gw-cache-spool-" + Guid.NewGuid().ToString("N")),
            .. extra,
        ]);

    private string Config() => $$"""
        {
          "Gateway": {
            "Providers": {
              "openai":    { "Kind": "openai", "BaseUrl": "{{_whole.Url}}/v1", "ApiKey": "k" },
              "streaming": { "Kind": "openai", "BaseUrl": "{{_stream.Url}}/v1", "ApiKey": "k" }
            },
            "Models": {
              "cached":          { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10 } } ],
                                   "Cache": { "TtlSeconds": 60 } },
              "cached-sampling": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ],
                                   "Cache": { "TtlSeconds": 60, "CacheNonDeterministic": true } },
              "cached-stream":   { "Targets": [ { "Provider": "streaming", "Model": "gpt-4o-mini" } ], "Cache": { "TtlSeconds": 60 } },
              "cached-embeddings": { "Targets": [ { "Provider": "openai", "Model": "text-embedding-3-small", "Kinds": [ "embeddings" ], "Dimensions": 4 } ],
                                     "Cache": { "TtlSeconds": 60 } }
            },
            "Keys": {
              "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
              "admin": { "Key": "{{AdminKey}}", "Admin": true },
              "budgeted": { "Key": "{{BudgetedKey}}", "TokensPerMinute": 60 }
            }
          }
        }
        """;

    private async Task<string> CreateTenantKeyAsync(string name)
    {
        var options = Database.Options;
        var org = await new OrganizationRepository(Database.DataSource, options).CreateAsync(name + Guid.NewGuid().ToString("N")[..6], CancellationToken.None);
        var key = await new ApiKeyRepository(Database.DataSource, options)
            .CreateAsync(new NewApiKey(name, [new ApiKeyBindingSpec(Scope.ForOrganization(org.Id), [])]), CancellationToken.None);
        return key.Secret;
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? cacheControl = null, string? ttl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (cacheControl is not null)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }
        if (ttl is not null)
        {
            request.Headers.TryAddWithoutValidation("x-gateway-cache-ttl", ttl);
        }
        var response = await _gateway.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

    /// <summary>Asks <paramref name="client"/> a new cacheable question twice; returns the question and both answers.</summary>
    private static async Task<(string Prompt, ClientResult<ChatCompletion> First, ClientResult<ChatCompletion> Second)> AskTwiceAsync(ChatClient client)
    {
        var prompt = Prompt();
        var first = await client.CompleteChatAsync([new UserChatMessage(prompt)], Deterministic());
        var second = await client.CompleteChatAsync([new UserChatMessage(prompt)], Deterministic());
        return (prompt, first, second);
    }

    private static ChatCompletionOptions Deterministic() => new() { Temperature = 0 };

    private static string Prompt() => "cache-test-" + Guid.NewGuid().ToString("N");

    /// <summary>How many requests carrying <paramref name="prompt"/> reached the provider.</summary>
    private static int Calls(FakeProvider provider, string prompt) =>
        provider.Requests.Count(entry => entry.RequestMessage.Body?.Contains(prompt, StringComparison.Ordinal) == true);

    private static string? CacheHeader<T>(ClientResult<T> result) =>
        result.GetRawResponse().Headers.TryGetValue("x-gateway-cache", out var value) ? value : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
