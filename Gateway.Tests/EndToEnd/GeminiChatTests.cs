using System.ClientModel;

namespace Gateway.Tests.EndToEnd;

/// <summary>The OpenAI .NET SDK against Google's Gemini API behind the gateway, with the Gemini adapter's recorded fixtures.</summary>
[TestFixture]
public sealed class GeminiChatTests : SingleProviderFixture
{
    private const string GeneratePath = "/v1beta/models/gemini-2.5-flash:generateContent";
    private const string StreamPath = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";

    private static readonly ChatTool Weather = ChatTool.CreateFunctionTool("get_weather", "Weather",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city"]}"""));

    private static readonly ChatTool Time = ChatTool.CreateFunctionTool("get_time", "Time",
        BinaryData.FromString("""{"type":"object","properties":{}}"""));

    /// <summary>A second provider, an OpenAI-compatible one, for the alias that falls back.</summary>
    private readonly FakeProvider _backup = new();

    protected override string ProvidersJson => $$"""
        "gemini": { "Kind": "gemini", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "backup": { "Kind": "openai", "BaseUrl": "{{_backup.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" }
        """;

    protected override string ModelsJson => """
        "flash": { "Targets": [ { "Provider": "gemini", "Model": "gemini-2.5-flash" } ] },
        "flash-or-backup": { "Targets": [ { "Provider": "gemini", "Model": "gemini-2.5-flash" }, { "Provider": "backup", "Model": "gpt-4o-mini" } ] }
        """;

    [OneTimeTearDown]
    public void StopBackup() => _backup.Dispose();

    [SetUp]
    public void ResetBackup() => _backup.Reset();

    private ChatClient Client => Gateway.ChatClient("flash");

    [Test]
    public async Task Answers_a_chat_converted_from_generate_content()
    {
        Provider.Reply(GeneratePath, 200, Fixture.Text("Gemini", "response_text.json"));
        var expected = Fixture.AnswerText("Gemini", "response_text.openai.json");

        ChatCompletion completion = await Client.CompleteChatAsync([new SystemChatMessage("Answer in French."), new UserChatMessage("2 + 2?")]);

        // Output tokens: candidates plus thoughts.
        ChatCompletionAssert.Answered(completion, expected, inputTokens: 12, outputTokens: 35);
        var sent = Provider.LastBody();
        Assert.That(sent["systemInstruction"]!.ToJsonString(), Does.Contain("Answer in French."));
        Assert.That(sent["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("2 + 2?"));
        var headers = Provider.LastHeaders();
        Assert.That(headers["x-goog-api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
        Assert.That(headers.ContainsKey("Authorization"), Is.False);
        Assert.That(headers.Values.SelectMany(v => v).Any(v => v.Contains(GatewayHost.ClientKey, StringComparison.Ordinal)), Is.False);
        Assert.That(Provider.LastUrl(), Does.Not.Contain("key="), "the key never goes in the query string");
    }

    [Test]
    public async Task Streams_text_from_server_sent_events()
    {
        Provider.ReplyStream(StreamPath, Fixture.Text("Gemini", "stream_text.sse"));
        var expected = ExpectedStreamResult.FromSse(Fixture.Text("Gemini", "stream_text.expected.sse"));

        var stream = await SdkStreamResult.CollectAsync(Client.CompleteChatStreamingAsync([new UserChatMessage("Ça va ?")]));

        Assert.That(stream.Text.ToString(), Is.EqualTo(expected.Text));
        Assert.That(stream.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(stream.Usage!.TotalTokenCount, Is.EqualTo(expected.TotalTokens));
        Assert.That(stream.CompletionIds, Has.Count.EqualTo(1));
        Assert.That(Provider.LastUrl(), Does.EndWith($"{StreamPath}?alt=sse"));
    }

    [Test]
    public async Task Returns_function_calls_as_tool_calls_and_sends_results_back_as_function_responses()
    {
        Provider.Reply(GeneratePath, 200, Fixture.Text("Gemini", "response_tool_call.json"));
        var expected = JsonNode.Parse(Fixture.Text("Gemini", "response_tool_call.openai.json"))!["choices"]![0]!["message"]!["tool_calls"]!;
        List<ChatMessage> messages = [new UserChatMessage("Weather and time in Paris?")];

        ChatCompletion first = await Client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { Weather, Time } });

        Assert.That(first.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(first.ToolCalls, Has.Count.EqualTo(2));
        Assert.That(first.ToolCalls[0].Id, Is.EqualTo(expected[0]!["id"]!.GetValue<string>()));
        Assert.That(first.ToolCalls[0].FunctionName, Is.EqualTo("get_weather"));
        Assert.That(JsonNode.Parse(first.ToolCalls[0].FunctionArguments.ToString())!["city"]!.GetValue<string>(), Is.EqualTo("Paris"));
        Assert.That(Provider.LastBody()["tools"]![0]!["functionDeclarations"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, """{"temperature":18}"""));
        messages.Add(new ToolChatMessage(first.ToolCalls[1].Id, """{"time":"14:05"}"""));
        Provider.Reset();
        Provider.Reply(GeneratePath, 200, Fixture.Text("Gemini", "response_text.json"));
        await Client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { Weather, Time } });

        var contents = Provider.LastBody()["contents"]!.AsArray();
        Assert.That(contents[1]!["role"]!.GetValue<string>(), Is.EqualTo("model"));
        Assert.That(contents[1]!["parts"]![0]!["functionCall"]!["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));
        var responses = contents[2]!["parts"]!.AsArray();
        Assert.That(responses[0]!["functionResponse"]!["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));
        Assert.That(responses[1]!["functionResponse"]!["name"]!.GetValue<string>(), Is.EqualTo("get_time"));
    }

    [Test]
    public async Task Streams_function_calls_as_tool_call_deltas()
    {
        Provider.ReplyStream(StreamPath, Fixture.Text("Gemini", "stream_tool_call.sse"));
        var expected = ExpectedStreamResult.FromSse(Fixture.Text("Gemini", "stream_tool_call.expected.sse"));

        var stream = await SdkStreamResult.CollectWithToolsAsync(Client, "Weather and time in Paris?", Weather, Time);

        Assert.That(stream.ToolName, Is.EqualTo("get_weather"));
        Assert.That(stream.Arguments.ToString(), Is.EqualTo(expected.Arguments));
        Assert.That(stream.Text.ToString(), Is.EqualTo(expected.Text));
        Assert.That(stream.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
    }

    [Test]
    public async Task Sends_images_as_inline_data_and_file_data()
    {
        Provider.Reply(GeneratePath, 200, Fixture.Text("Gemini", "response_text.json"));

        await Client.CompleteChatAsync([ImageChatMessages.PngAndUrl()]);

        var parts = Provider.LastBody()["contents"]![0]!["parts"]!.AsArray();
        Assert.That(parts[1]!["inlineData"]!["mimeType"]!.GetValue<string>(), Is.EqualTo("image/png"));
        Assert.That(parts[1]!["inlineData"]!["data"]!.GetValue<string>(), Is.EqualTo(Convert.ToBase64String(ImageChatMessages.Png)));
        Assert.That(parts[2]!["fileData"]!["fileUri"]!.GetValue<string>(), Is.EqualTo("https://example.com/cat.jpg"));
    }

    [Test]
    public async Task Asks_for_json_in_json_mode()
    {
        Provider.Reply(GeneratePath, 200, Fixture.Text("Gemini", "response_text.json"));

        await Client.CompleteChatAsync([new UserChatMessage("JSON please")], new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        Assert.That(Provider.LastBody()["generationConfig"]!["responseMimeType"]!.GetValue<string>(), Is.EqualTo("application/json"));
    }

    [Test]
    public async Task Reports_max_tokens_as_length()
    {
        Provider.Reply(GeneratePath, 200, Fixture.Text("Gemini", "response_empty.json"));

        ChatCompletion completion = await Client.CompleteChatAsync([new UserChatMessage("Think hard")]);

        Assert.That(completion.FinishReason, Is.EqualTo(ChatFinishReason.Length));
    }

    [Test]
    public async Task Turns_an_invalid_api_key_400_into_a_502_upstream_auth_failure()
    {
        Provider.Reply(GeneratePath, 400, Fixture.Text("Gemini", "error_400_api_key.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(502), "never the client's 400");
        var raw = ex.GetRawResponse()!.Content.ToString();
        Assert.That(JsonNode.Parse(raw)!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_auth_failed"));
        Assert.That(raw, Does.Not.Contain(FakeProvider.ProviderKey));
    }

    [Test]
    public async Task Fails_over_to_the_next_target_when_gemini_rejects_the_key_with_400()
    {
        Provider.Reply(GeneratePath, 400, Fixture.Text("Gemini", "error_400_api_key.json"));
        _backup.AnswerChats();

        ChatCompletion completion = await Gateway.ChatClient("flash-or-backup").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(completion.Content[0].Text, Is.EqualTo("Hello! How can I assist you today?"));
        Assert.That(Provider.Requests, Has.Count.EqualTo(1));
        Assert.That(_backup.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Does_not_fail_over_on_a_real_bad_request()
    {
        Provider.Reply(GeneratePath, 400, Fixture.Text("Gemini", "error_400.json"));
        _backup.AnswerChats();

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("flash-or-backup").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(400));
        Assert.That(_backup.Requests, Is.Empty);
    }

    [Test]
    public async Task Keeps_a_real_bad_request_as_400()
    {
        Provider.Reply(GeneratePath, 400, Fixture.Text("Gemini", "error_400.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task Maps_a_quota_error_to_429_with_the_retry_after_header_kept()
    {
        Provider.Reply(GeneratePath, 429, Fixture.Text("Gemini", "error_429.json"), headers: new Dictionary<string, string> { ["Retry-After"] = "12" });

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        ChatCompletionAssert.RateLimited(ex, retryAfter: "12", because: "the header wins over the body's retryDelay");
    }

    [Test]
    public async Task Maps_a_quota_error_without_header_to_429_with_the_bodys_retry_delay()
    {
        Provider.Reply(GeneratePath, 429, Fixture.Text("Gemini", "error_429.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        ChatCompletionAssert.RateLimited(ex, retryAfter: "37");
    }

    [TestCase("error_500.json", 500, 502)]
    [TestCase("error_503.json", 503, 503)]
    public async Task Maps_server_errors(string fixture, int providerStatus, int expected)
    {
        Provider.Reply(GeneratePath, providerStatus, Fixture.Text("Gemini", fixture));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(expected));
    }

    [Test]
    public async Task Makes_the_sdk_stream_fail_on_a_mid_stream_error()
    {
        Provider.ReplyStream(StreamPath, Fixture.Text("Gemini", "stream_error.sse"));
        var stream = new SdkStreamResult();

        var failure = await AsyncAssert.CatchAsync(() => stream.ReadAsync(Client.CompleteChatStreamingAsync([new UserChatMessage("tell a story")])));

        Assert.That(failure, Is.Not.Null);
        Assert.That(stream.Text.ToString(), Is.EqualTo("Once upon"));
    }
}
