using System.ClientModel;

namespace Gateway.Tests.EndToEnd;

/// <summary>The OpenAI .NET SDK, pointed at the gateway, talking to an OpenAI-compatible provider.</summary>
[TestFixture]
public sealed class OpenAiChatTests : SingleProviderFixture
{
    protected override string ProvidersJson => ProviderEntry("openai", "/v1");

    protected override string ModelsJson => """
        "gpt-4o-mini": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
        "fast": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini-2024-07-18" } ] }
        """;

    [Test]
    public async Task Answers_a_chat_with_the_gateway_id_and_the_provider_usage()
    {
        Provider.AnswerChats();

        ChatCompletion completion = await Gateway.ChatClient("fast").CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Hello")]);

        ChatCompletionAssert.Answered(completion, "Hello! How can I assist you today?", inputTokens: 19, outputTokens: 10, model: "gpt-4o-mini-2024-07-18");
        var sent = Provider.LastBody();
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini-2024-07-18"));
        Assert.That(sent["messages"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
    }

    [Test]
    public async Task Never_sends_the_client_key_or_gateway_fields_upstream()
    {
        Provider.AnswerChats();
        using var body = new StringContent("""
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],
             "models":["gpt-4o-mini"],"provider":{"order":["openai"]},"transforms":[],"route":"fallback","usage":{"include":true},
             "temperature":0.2}
            """, Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var sent = Provider.LastBody();
        Assert.That(sent.ContainsKey("models") || sent.ContainsKey("provider") || sent.ContainsKey("transforms") || sent.ContainsKey("route") || sent.ContainsKey("usage"), Is.False);
        Assert.That(sent["temperature"]!.GetValue<double>(), Is.EqualTo(0.2));
        var headers = Provider.LastHeaders();
        Assert.That(headers["Authorization"].ToString(), Does.Not.Contain(GatewayHost.ClientKey));
        Assert.That(headers.Values.SelectMany(v => v).Any(v => v.Contains(GatewayHost.ClientKey, StringComparison.Ordinal)), Is.False);
        Assert.That(response.Headers.GetValues("x-gateway-provider").Single(), Is.EqualTo("openai"));
        Assert.That(response.Headers.GetValues("x-gateway-attempts").Single(), Is.EqualTo("1"));
    }

    [Test]
    public async Task Streams_text_with_one_id_on_every_chunk()
    {
        Provider.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));

        var text = new StringBuilder();
        string? id = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Gateway.ChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            id ??= update.CompletionId;
            Assert.That(update.CompletionId, Is.EqualTo(id));
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
            usage ??= update.Usage;
        }

        Assert.That(text.ToString(), Is.EqualTo("Hello from Zürich 👋"));
        Assert.That(id, Does.StartWith("gen-"));
        Assert.That(usage!.TotalTokenCount, Is.EqualTo(14), "the SDK asks for stream usage");
        var sent = Provider.LastBody();
        Assert.That(sent["stream"]!.GetValue<bool>(), Is.True);
        Assert.That(sent["stream_options"]!["include_usage"]!.GetValue<bool>(), Is.True, "usage is always requested upstream");
    }

    [Test]
    public async Task Hides_the_usage_chunk_when_the_client_did_not_ask()
    {
        Provider.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        using var body = new StringContent("""
            {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}
            """, Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.That(events, Has.Length.EqualTo(6), "role, three deltas, finish, [DONE]");
        Assert.That(events.Any(e => e.Contains("\"usage\"", StringComparison.Ordinal)), Is.False);
        Assert.That(Provider.LastBody()["stream_options"]!["include_usage"]!.GetValue<bool>(), Is.True, "usage is still counted");
    }

    [Test]
    public async Task Streams_the_usage_chunk_when_the_client_asks()
    {
        Provider.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        using var body = new StringContent("""
            {"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}
            """, Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(events[^1], Is.EqualTo("data: [DONE]"));
        var usage = JsonNode.Parse(events[^2]["data: ".Length..])!;
        Assert.That(usage["choices"]!.AsArray(), Is.Empty);
        Assert.That(usage["usage"]!["total_tokens"]!.GetValue<int>(), Is.EqualTo(14));
        Assert.That(usage["id"]!.GetValue<string>(), Does.StartWith("gen-"));
    }

    [Test]
    public async Task Streams_tool_call_arguments_in_fragments()
    {
        Provider.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-tool-call.stream.txt"));
        var tool = ChatTools.Weather("get_current_weather");

        var result = await SdkStreamResult.CollectWithToolsAsync(Gateway.ChatClient("gpt-4o-mini"), "Weather in Boston?", tool);

        Assert.That(result.ToolName, Is.EqualTo("get_current_weather"));
        Assert.That(result.ToolCallId, Is.EqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA"));
        Assert.That(result.Arguments.ToString(), Is.EqualTo("""{"location":"Boston, MA"}"""));
        Assert.That(result.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
    }

    [Test]
    public async Task Returns_tool_calls_and_sends_tool_results_back()
    {
        Provider.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-tool-call.response.json"));
        var client = Gateway.ChatClient("gpt-4o-mini");
        var tool = ChatTools.Weather("get_current_weather");
        List<ChatMessage> messages = [new UserChatMessage("Weather in Boston?")];

        ChatCompletion first = await client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { tool } });
        Assert.That(first.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(first.ToolCalls[0].FunctionName, Is.EqualTo("get_current_weather"));

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, """{"temperature":22}"""));
        Provider.Reset();
        Provider.AnswerChats();
        await client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { tool } });

        ChatCompletionAssert.SentToolResult(Provider.LastBody()["messages"]!.AsArray(), "call_abc123");
    }

    [Test]
    public async Task Maps_a_provider_rate_limit_to_429_with_retry_after()
    {
        Provider.Reply("/v1/chat/completions", 429, Fixture.Text("OpenAi", "error-429.json"), headers: new Dictionary<string, string> { ["Retry-After"] = "20" });

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.That(ex!.Status, Is.EqualTo(429));
        var response = ex.GetRawResponse()!;
        Assert.That(response.Headers.TryGetValue("Retry-After", out var retryAfter), Is.True);
        Assert.That(retryAfter, Is.EqualTo("20"));
        var error = JsonNode.Parse(response.Content.ToString())!["error"]!;
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("rate_limit_exceeded"));
    }
}
