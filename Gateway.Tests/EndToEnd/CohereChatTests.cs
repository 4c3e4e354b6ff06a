using System.ClientModel;

namespace Gateway.Tests.EndToEnd;

/// <summary>The OpenAI .NET SDK against Cohere's Chat API v2 behind the gateway, with the Cohere adapter's recorded fixtures.</summary>
[TestFixture]
public sealed class CohereChatTests : SingleProviderFixture
{
    private const string ChatPath = "/v2/chat";

    private static readonly ChatTool Sales = ChatTool.CreateFunctionTool("query_daily_sales_report", "Sales report for a day",
        BinaryData.FromString("""{"type":"object","properties":{"day":{"type":"string"}},"required":["day"]}"""));

    protected override string ProvidersJson => ProviderEntry("cohere");

    protected override string ModelsJson => """
        "command": { "Targets": [ { "Provider": "cohere", "Model": "command-a-03-2025" } ] }
        """;

    private ChatClient Client => Gateway.ChatClient("command");

    [Test]
    public async Task Answers_a_chat_converted_from_chat_v2()
    {
        Provider.Reply(ChatPath, 200, Fixture.Text("Cohere", "Responses", "text.json"));
        var expected = Fixture.AnswerText("Cohere", "Responses", "text.openai.json");

        ChatCompletion completion = await Client.CompleteChatAsync([new SystemChatMessage("Be clear."), new UserChatMessage("What are LLMs?")]);

        ChatCompletionAssert.Answered(completion, expected, inputTokens: 71, outputTokens: 418);
        var sent = Provider.LastBody();
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("command-a-03-2025"));
        Assert.That(sent["messages"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("system"));
        var headers = Provider.LastHeaders();
        Assert.That(headers["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
        Assert.That(headers.Values.SelectMany(v => v).Any(v => v.Contains(GatewayHost.ClientKey, StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Streams_text_from_chat_v2_events()
    {
        Provider.ReplyStream(ChatPath, Fixture.Text("Cohere", "Streams", "text.sse"));
        var expected = ExpectedStreamResult.FromSse(Fixture.Text("Cohere", "Streams", "text.openai.sse"));

        var stream = await SdkStreamResult.CollectAsync(Client.CompleteChatStreamingAsync([new UserChatMessage("What are LLMs?")]));

        Assert.That(stream.Text.ToString(), Is.EqualTo(expected.Text));
        Assert.That(stream.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(stream.Usage, Is.Not.Null);
        Assert.That(Provider.LastBody()["stream"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Returns_tool_calls_and_sends_tool_results_back()
    {
        Provider.Reply(ChatPath, 200, Fixture.Text("Cohere", "Responses", "tool-call.json"));
        List<ChatMessage> messages = [new UserChatMessage("Sales on 29 September 2023?")];

        ChatCompletion first = await Client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { Sales } });

        Assert.That(first.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(first.ToolCalls[0].Id, Is.EqualTo("query_daily_sales_report_hgxxmkby3wta"));
        Assert.That(JsonNode.Parse(first.ToolCalls[0].FunctionArguments.ToString())!["day"]!.GetValue<string>(), Is.EqualTo("2023-09-29"));
        Assert.That(Provider.LastBody()["tools"]![0]!["function"]!["name"]!.GetValue<string>(), Is.EqualTo("query_daily_sales_report"));

        messages.Add(new AssistantChatMessage(first));
        foreach (var call in first.ToolCalls)
        {
            messages.Add(new ToolChatMessage(call.Id, """{"total_sales":10000}"""));
        }
        Provider.Reset();
        Provider.Reply(ChatPath, 200, Fixture.Text("Cohere", "Responses", "text.json"));
        await Client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { Sales } });

        ChatCompletionAssert.SentToolResult(Provider.LastBody()["messages"]!.AsArray(), "query_daily_sales_report_hgxxmkby3wta");
    }

    [Test]
    public async Task Streams_tool_call_arguments_in_fragments()
    {
        Provider.ReplyStream(ChatPath, Fixture.Text("Cohere", "Streams", "tools.sse"));
        var expected = ExpectedStreamResult.FromSse(Fixture.Text("Cohere", "Streams", "tools.openai.sse"));

        var stream = await SdkStreamResult.CollectWithToolsAsync(Client, "Sales on 29 September 2023?", Sales);

        ChatCompletionAssert.StreamedToolCall(stream, expected.ToolName, expected.Arguments);
    }

    [Test]
    public async Task Sends_images_as_image_url_parts()
    {
        Provider.Reply(ChatPath, 200, Fixture.Text("Cohere", "Responses", "text.json"));

        await Client.CompleteChatAsync([ImageChatMessages.PngAndUrl()]);

        var content = Provider.LastBody()["messages"]![0]!["content"]!.AsArray();
        Assert.That(content[1]!["image_url"]!["url"]!.GetValue<string>(), Does.StartWith("data:image/png;base64,"));
        Assert.That(content[2]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo("https://example.com/cat.jpg"));
    }

    [Test]
    public async Task Asks_for_a_json_object_in_json_mode()
    {
        Provider.Reply(ChatPath, 200, Fixture.Text("Cohere", "Responses", "text.json"));

        await Client.CompleteChatAsync([new UserChatMessage("JSON please")], new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        Assert.That(Provider.LastBody()["response_format"]!["type"]!.GetValue<string>(), Is.EqualTo("json_object"));
    }

    [Test]
    public async Task Reports_max_tokens_as_length()
    {
        // Cohere's documented MAX_TOKENS finish reason, on the recorded text answer.
        Provider.Reply(ChatPath, 200, Fixture.Text("Cohere", "Responses", "text.json").Replace("\"COMPLETE\"", "\"MAX_TOKENS\"", StringComparison.Ordinal));

        ChatCompletion completion = await Client.CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(completion.FinishReason, Is.EqualTo(ChatFinishReason.Length));
    }

    [Test]
    public async Task Maps_a_rate_limit_to_429_keeping_retry_after()
    {
        Provider.Reply(ChatPath, 429, Fixture.Text("Cohere", "Errors", "429.json"), headers: new Dictionary<string, string> { ["Retry-After"] = "30" });

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        ChatCompletionAssert.RateLimited(ex, retryAfter: "30");
    }

    [TestCase(401, TestName = "Turns_a_401_into_502")]
    [TestCase(500, TestName = "Maps_a_server_error_to_502")]
    public async Task Answers_502_for_a_provider_error_that_is_not_the_clients(int providerStatus)
    {
        Provider.Reply(ChatPath, providerStatus, Fixture.Text("Cohere", "Errors", $"{providerStatus}.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(502));
    }

    [Test]
    public async Task Makes_the_sdk_stream_fail_on_a_mid_stream_error()
    {
        Provider.ReplyStream(ChatPath, Fixture.Text("Cohere", "Streams", "error.sse"));
        var stream = new SdkStreamResult();

        var failure = await AsyncAssert.CatchAsync(() => stream.ReadAsync(Client.CompleteChatStreamingAsync([new UserChatMessage("hi")])));

        Assert.That(failure, Is.Not.Null);
        Assert.That(stream.Text.ToString(), Is.EqualTo("LLMs"));
    }
}
