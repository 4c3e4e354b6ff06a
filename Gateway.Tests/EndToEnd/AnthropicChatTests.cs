using System.ClientModel;

namespace Gateway.Tests.EndToEnd;

/// <summary>The OpenAI .NET SDK, unchanged, against Anthropic's Messages API behind the gateway.</summary>
[TestFixture]
public sealed class AnthropicChatTests : SingleProviderFixture
{
    protected override string ProvidersJson => ProviderEntry("anthropic");

    protected override string ModelsJson => """
        "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5", "MaxOutputTokens": 8192 } ] }
        """;

    [Test]
    public async Task Answers_a_chat_converted_from_messages_api()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        ChatCompletion completion = await Gateway.ChatClient("claude").CompleteChatAsync(
            [new SystemChatMessage("You are Claude."), new UserChatMessage("Who are you?")]);

        ChatCompletionAssert.Answered(completion, "Hi! My name is Claude.", inputTokens: 2095, outputTokens: 503);
        var sent = Provider.LastBody();
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("claude-sonnet-4-5"));
        Assert.That(sent["system"]!.ToJsonString(), Does.Contain("You are Claude."));
        Assert.That(sent["max_tokens"]!.GetValue<int>(), Is.EqualTo(8192), "the model entry's default");
        var headers = Provider.LastHeaders();
        Assert.That(headers["x-api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
        Assert.That(headers["anthropic-version"].ToString(), Is.EqualTo("2023-06-01"));
        Assert.That(headers.ContainsKey("Authorization"), Is.False);
    }

    [Test]
    public async Task Streams_text_from_messages_api_events()
    {
        Provider.ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-text.sse"));

        var result = await SdkStreamResult.CollectAsync(Gateway.ChatClient("claude").CompleteChatStreamingAsync([new UserChatMessage("Hello")]));

        Assert.That(result.Text.ToString(), Is.EqualTo("Hello there!"));
        Assert.That(result.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(result.Usage!.OutputTokenCount, Is.EqualTo(6));
        Assert.That(Provider.LastBody()["stream"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Returns_tool_use_as_tool_calls_and_sends_results_back_as_tool_result_blocks()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-tool-use.json"));
        var client = Gateway.ChatClient("claude");
        var tool = ChatTools.Weather("get_weather", locationRequired: true);
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };
        List<ChatMessage> messages = [new UserChatMessage("Weather in SF?")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options);

        Assert.That(first.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(first.ToolCalls[0].Id, Is.EqualTo("toolu_01A09q90qw90lq917835lq9"));
        Assert.That(JsonNode.Parse(first.ToolCalls[0].FunctionArguments.ToString())!["location"]!.GetValue<string>(), Is.EqualTo("San Francisco, CA"));
        var sentFirst = Provider.LastBody();
        Assert.That(sentFirst["tool_choice"]!["type"]!.GetValue<string>(), Is.EqualTo("any"));
        Assert.That(sentFirst["tools"]![0]!["input_schema"]!["required"]![0]!.GetValue<string>(), Is.EqualTo("location"));

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, "18 degrees and sunny"));
        Provider.Reset();
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));
        await client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { tool } });

        var sent = Provider.LastBody()["messages"]!.AsArray();
        Assert.That(sent[1]!["content"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "tool_use"), Is.True);
        var result = sent[2]!["content"]![0]!;
        Assert.That(result["type"]!.GetValue<string>(), Is.EqualTo("tool_result"));
        Assert.That(result["tool_use_id"]!.GetValue<string>(), Is.EqualTo("toolu_01A09q90qw90lq917835lq9"));
    }

    [Test]
    public async Task Streams_tool_use_as_tool_call_argument_fragments()
    {
        Provider.ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-tool-use.sse"));
        var tool = ChatTools.Weather("get_weather");

        var result = await SdkStreamResult.CollectWithToolsAsync(Gateway.ChatClient("claude"), "Weather in Paris?", tool);

        Assert.That(result.Text.ToString(), Does.StartWith("I'll check the current weather in Paris"));
        Assert.That(result.ToolName, Is.EqualTo("get_weather"));
        Assert.That(result.ArgumentFragments, Is.GreaterThan(1), "arguments arrive in fragments");
        Assert.That(JsonNode.Parse(result.Arguments.ToString())!["location"]!.GetValue<string>(), Does.StartWith("Paris"));
        Assert.That(result.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
    }

    [Test]
    public async Task Sends_images_as_base64_and_url_sources()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        await Gateway.ChatClient("claude").CompleteChatAsync([ImageChatMessages.PngAndUrl()]);

        var content = Provider.LastBody()["messages"]![0]!["content"]!.AsArray();
        Assert.That(content[1]!["source"]!["type"]!.GetValue<string>(), Is.EqualTo("base64"));
        Assert.That(content[1]!["source"]!["media_type"]!.GetValue<string>(), Is.EqualTo("image/png"));
        Assert.That(content[1]!["source"]!["data"]!.GetValue<string>(), Is.EqualTo(Convert.ToBase64String(ImageChatMessages.Png)));
        Assert.That(content[2]!["source"]!["type"]!.GetValue<string>(), Is.EqualTo("url"));
        Assert.That(content[2]!["source"]!["url"]!.GetValue<string>(), Is.EqualTo("https://example.com/cat.jpg"));
    }

    [Test]
    public async Task Answers_json_schema_requests_with_the_json_as_content()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-json-answer.json"));
        var format = ChatResponseFormat.CreateJsonSchemaFormat("weather", BinaryData.FromString(
            """{"type":"object","properties":{"city":{"type":"string"},"temperature_c":{"type":"number"},"conditions":{"type":"array","items":{"type":"string"}}},"required":["city"]}"""));

        ChatCompletion completion = await Gateway.ChatClient("claude").CompleteChatAsync(
            [new UserChatMessage("Weather in Paris as JSON")], new ChatCompletionOptions { ResponseFormat = format });

        var json = JsonNode.Parse(completion.Content[0].Text)!;
        Assert.That(json["city"]!.GetValue<string>(), Is.EqualTo("Paris"));
        Assert.That(completion.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(completion.ToolCalls, Is.Empty);
    }

    [Test]
    public async Task Rejects_n_greater_than_one_with_400()
    {
        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("claude").CompleteChatAsync(
            [new UserChatMessage("hi")], new ChatCompletionOptions { }.WithN(2)));
        Assert.That(ex!.Status, Is.EqualTo(400));
        Assert.That(JsonNode.Parse(ex.GetRawResponse()!.Content.ToString())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("n"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task Maps_overloaded_529_to_503()
    {
        Provider.Reply("/v1/messages", 529, Fixture.Text("Anthropic", "error-529.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("claude").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.That(ex!.Status, Is.EqualTo(503));
    }

    [Test]
    public async Task Ends_a_stream_with_an_error_event_when_anthropic_reports_overload_mid_stream()
    {
        Provider.ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-overloaded-error.sse"));
        using var body = new StringContent("""{"model":"claude","stream":true,"messages":[{"role":"user","content":"tell a story"}]}""", Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = body }, HttpCompletionOption.ResponseHeadersRead);
        var (events, aborted) = await SseReading.ReadEventsAsync(response);

        Assert.That(aborted, Is.False);
        Assert.That(events.Any(e => e.Contains("Once upon a", StringComparison.Ordinal)), Is.True);
        var error = JsonNode.Parse(events[^1]["data: ".Length..])!["error"]!;
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("Overloaded"));
    }

    [Test]
    public async Task Makes_the_sdk_stream_fail_when_anthropic_reports_overload_mid_stream()
    {
        Provider.ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-overloaded-error.sse"));
        var result = new SdkStreamResult();

        var failure = await AsyncAssert.CatchAsync(() => result.ReadAsync(Gateway.ChatClient("claude").CompleteChatStreamingAsync([new UserChatMessage("tell a story")])));

        Assert.That(failure, Is.Not.Null);
        Assert.That(result.Text.ToString(), Is.EqualTo("Once upon a"));
    }
}
