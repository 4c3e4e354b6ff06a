using System.Text.Json.Nodes;
using Anthropic.Models.Messages;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.EndToEnd.Messages;

/// <summary>
/// <c>/v1/messages</c> requests in PostgreSQL's usage table: one row each, of kind <c>chat</c> (the door is chat through
/// another format), with Anthropic's cache reads and writes recorded and priced at the cache rates.
/// </summary>
[TestFixture]
public sealed class MessagesUsageTests
{
    private TestDatabase _database = null!;
    private FakeProvider _anthropic = null!;
    private FakeProvider _anthropicStream = null!;
    private FakeProvider _openAi = null!;
    private PacedStreamProvider _slow = null!;
    private GatewayHost _gateway = null!;
    private string _spool = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _anthropic = new FakeProvider();
        _anthropic.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-cached-usage.json"));
        _anthropicStream = new FakeProvider();
        _anthropicStream.ReplyStream("/v1/messages", Fixture.Text("Messages", "anthropic-cached.stream.sse"));
        _openAi = new FakeProvider();
        _openAi.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));
        _slow = await PacedStreamProvider.StartAsync(words: 400, interval: TimeSpan.FromMilliseconds(25));
        _spool = Directory.CreateTempSubdirectory("gw-messages-spool-").FullName;
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  "anthropic": { "Kind": "anthropic", "BaseUrl": "{{_anthropic.Url}}", "ApiKey": "k" },
                  "anthropic-stream": { "Kind": "anthropic", "BaseUrl": "{{_anthropicStream.Url}}", "ApiKey": "k" },
                  "openai": { "Kind": "openai", "BaseUrl": "{{_openAi.Url}}/v1", "ApiKey": "k" },
                  "slow": { "Kind": "openai", "BaseUrl": "{{_slow.Url}}/v1", "ApiKey": "k" }
                },
                "Models": {
                  "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5",
                              "Price": { "InputPerMTok": 3, "OutputPerMTok": 15, "CachedInputPerMTok": 0.30, "CacheWritePerMTok": 3.75 } } ] },
                  "claude-stream": { "Targets": [ { "Provider": "anthropic-stream", "Model": "claude-sonnet-4-5",
                              "Price": { "InputPerMTok": 3, "OutputPerMTok": 15, "CachedInputPerMTok": 0.30, "CacheWritePerMTok": 3.75 } } ] },
                  "gpt": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10 } } ] },
                  "slow": { "Targets": [ { "Provider": "slow", "Model": "slow-no-usage", "Price": { "InputPerMTok": 1, "OutputPerMTok": 2 } } ] }
                },
                "Keys": {{GatewayHost.KeysJson}},
                "Health": {{GatewayHost.NoCooldownsJson}}
              }
            }
            """, extraArgs:
        [
            "--ConnectionStrings:Gateway", _database.ConnectionString,
            "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"),
            "--Gateway:Usage:MaxBatchDelaySeconds", "0.02",
            "--Gateway:Usage:SpoolDirectory", _spool,
        ]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        await _slow.DisposeAsync();
        _anthropic.Dispose();
        _anthropicStream.Dispose();
        _openAi.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_spool, recursive: true);
    }

    private static MessageCreateParams Ask(string model) => new() { MaxTokens = 1024, Model = model, Messages = [new UserMessageParam("Themes?")] };

    [Test]
    public async Task Records_a_passed_through_answer_with_its_cache_reads_and_writes_priced_at_cache_rates()
    {
        var message = await AnthropicSdk.Client(_gateway).Messages.Create(Ask("claude"));

        var row = await _database.RequestRowAsync(message.ID);
        Assert.Multiple(() =>
        {
            Assert.That(row["kind"], Is.EqualTo("chat"));
            Assert.That(row["billing_unit"], Is.EqualTo("tokens"));
            Assert.That((row["prompt_tokens"], row["cached_read_tokens"], row["cache_write_tokens"], row["completion_tokens"]),
                Is.EqualTo((187_563, 187_354, 188, 393)));
            // 21 × 3 + 187,354 × 0.30 + 188 × 3.75 + 393 × 15 = 62,869.2 per million.
            Assert.That(row["cost"], Is.EqualTo(0.0628692m));
            Assert.That(row["provider_id"], Is.EqualTo("anthropic"));
        });
    }

    [Test]
    public async Task Records_a_passed_through_stream_with_its_cache_usage()
    {
        string? id = null;
        await foreach (var ev in AnthropicSdk.Client(_gateway).Messages.CreateStreaming(Ask("claude-stream")))
        {
            if (ev.TryPickStart(out var start))
            {
                id = start.Message.ID;
            }
        }

        var row = await _database.RequestRowAsync(id!);
        Assert.That((row["prompt_tokens"], row["cached_read_tokens"], row["cache_write_tokens"], row["completion_tokens"]),
            Is.EqualTo((187_563, 187_354, 188, 393)));
        Assert.That(row["cost"], Is.EqualTo(0.0628692m));
        Assert.That(row["stream"], Is.EqualTo(true));
    }

    [Test]
    public async Task Records_a_translated_answer_under_the_same_id_the_client_got()
    {
        var (status, body, headers) = await AnthropicSdk.PostAsync(_gateway, "/v1/messages", """{"model":"gpt","max_tokens":50,"messages":[{"role":"user","content":"Hello"}]}""");
        Assert.That(status, Is.EqualTo(200));
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        Assert.That(headers.GetValues("x-request-id").Single(), Is.EqualTo(id));

        var row = await _database.RequestRowAsync(id);
        Assert.That((row["kind"], row["prompt_tokens"], row["completion_tokens"]), Is.EqualTo(("chat", 19, 10)));
        Assert.That(row["served_model"], Is.EqualTo("gpt-4o-mini-2024-07-18"), "the model the provider reported");
    }

    [Test]
    public async Task Bills_a_translated_stream_the_client_left_with_the_prompt_estimated_from_the_request()
    {
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"slow","max_tokens":2000,"stream":true,"messages":[{"role":"user","content":"Say hello to the usage tests, many times over."}]}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("x-api-key", GatewayHost.ClientKey);
        string id;
        var received = new System.Text.StringBuilder();
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            id = response.Headers.GetValues("x-request-id").Single();
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1024];
            while (received.ToString().Split("text_delta").Length <= 5)
            {
                var read = await stream.ReadAsync(buffer);
                received.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        await _slow.HungUp.WaitAsync(TimeSpan.FromSeconds(10));

        var row = await _database.RequestRowAsync(id);
        Assert.That((row["stream"], row["estimated"]), Is.EqualTo((true, true)));
        Assert.That((int)row["completion_tokens"]!, Is.GreaterThan(0));
        Assert.That((int)row["prompt_tokens"]!, Is.GreaterThan(0), "the prompt is estimated from the translated request");
    }
}
