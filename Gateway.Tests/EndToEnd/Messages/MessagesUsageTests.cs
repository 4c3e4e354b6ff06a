using Anthropic.Models.Messages;

namespace Gateway.Tests.EndToEnd.Messages;

/// <summary>
/// <c>/v1/messages</c> requests in PostgreSQL's usage table: one row each, of kind <c>chat</c> (the door is chat through
/// another format), with Anthropic's cache reads and writes recorded and priced at the cache rates.
/// </summary>
[TestFixture]
public sealed class MessagesUsageTests : DatabaseGatewayFixture
{
    private PacedStreamProvider _slow = null!;
    private string _spool = null!;

    protected override string ProvidersJson => $$"""
        "anthropic": { "Kind": "anthropic", "BaseUrl": "{{Provider("anthropic").Url}}", "ApiKey": "k" },
        "anthropic-stream": { "Kind": "anthropic", "BaseUrl": "{{Provider("anthropic-stream").Url}}", "ApiKey": "k" },
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider("openai").Url}}/v1", "ApiKey": "k" },
        "slow": { "Kind": "openai", "BaseUrl": "{{_slow.Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5",
                    "Price": { "InputPerMTok": 3, "OutputPerMTok": 15, "CachedInputPerMTok": 0.30, "CacheWritePerMTok": 3.75 } } ] },
        "claude-stream": { "Targets": [ { "Provider": "anthropic-stream", "Model": "claude-sonnet-4-5",
                    "Price": { "InputPerMTok": 3, "OutputPerMTok": 15, "CachedInputPerMTok": 0.30, "CacheWritePerMTok": 3.75 } } ] },
        "gpt": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10 } } ] },
        "slow": { "Targets": [ { "Provider": "slow", "Model": "slow-no-usage", "Price": { "InputPerMTok": 1, "OutputPerMTok": 2 } } ] }
        """;

    protected override string SettingsJson => $$"""
        "Health": {{GatewayHost.NoCooldownsJson}}
        """;

    protected override string[] ExtraArgs => ["--Gateway:Usage:SpoolDirectory", _spool];

    protected override async Task StartProvidersAsync()
    {
        StartProvider("anthropic").Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-cached-usage.json"));
        StartProvider("anthropic-stream").ReplyStream("/v1/messages", Fixture.Text("Messages", "anthropic-cached.stream.sse"));
        StartProvider("openai").AnswerChats();
        _slow = await StartPacedProviderAsync(words: 400, interval: TimeSpan.FromMilliseconds(25));
        _spool = CreateTempDirectory("gw-messages-spool-");
    }

    private static MessageCreateParams Ask(string model) => new() { MaxTokens = 1024, Model = model, Messages = [new UserMessageParam("Themes?")] };

    [Test]
    public async Task Records_a_passed_through_answer_with_its_cache_reads_and_writes_priced_at_cache_rates()
    {
        var message = await AnthropicSdk.Client(Gateway).Messages.Create(Ask("claude"));

        var row = await Database.RequestRowAsync(message.ID);
        // Cost: 21 × 3 + 187,354 × 0.30 + 188 × 3.75 + 393 × 15 = 62,869.2 per million.
        UsageRowAssert.Has(row, kind: "chat", unit: "tokens", promptTokens: 187_563, cachedReadTokens: 187_354, cacheWriteTokens: 188, completionTokens: 393, cost: 0.0628692m);
        Assert.That(row["provider_id"], Is.EqualTo("anthropic"));
    }

    [Test]
    public async Task Records_a_passed_through_stream_with_its_cache_usage()
    {
        var stream = await AnthropicStreamResult.CollectAsync(AnthropicSdk.Client(Gateway), Ask("claude-stream"));

        var row = await Database.RequestRowAsync(stream.Id!);
        UsageRowAssert.Has(row, promptTokens: 187_563, cachedReadTokens: 187_354, cacheWriteTokens: 188, completionTokens: 393, cost: 0.0628692m, stream: true);
    }

    [Test]
    public async Task Records_a_translated_answer_under_the_same_id_the_client_got()
    {
        var (status, body, headers) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", """{"model":"gpt","max_tokens":50,"messages":[{"role":"user","content":"Hello"}]}""");
        Assert.That(status, Is.EqualTo(200));
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        Assert.That(headers.GetValues("x-request-id").Single(), Is.EqualTo(id));

        var row = await Database.RequestRowAsync(id);
        UsageRowAssert.Has(row, kind: "chat", promptTokens: 19, completionTokens: 10);
        Assert.That(row["served_model"], Is.EqualTo("gpt-4o-mini-2024-07-18"), "the model the provider reported");
    }

    [Test]
    public async Task Bills_a_translated_stream_the_client_left_with_the_prompt_estimated_from_the_request()
    {
        using var http = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"slow","max_tokens":2000,"stream":true,"messages":[{"role":"user","content":"Say hello to the usage tests, many times over."}]}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("x-api-key", GatewayHost.ClientKey);
        string id;
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            id = response.Headers.GetValues("x-request-id").Single();
            await SseReading.ReadUntilAsync(response, "text_delta", 5);
        }
        await _slow.HungUp.WaitAsync(TimeSpan.FromSeconds(10));

        var row = await Database.RequestRowAsync(id);
        UsageRowAssert.Has(row, stream: true, estimated: true);
        Assert.That((int)row["completion_tokens"]!, Is.GreaterThan(0));
        Assert.That((int)row["prompt_tokens"]!, Is.GreaterThan(0), "the prompt is estimated from the translated request");
    }
}
