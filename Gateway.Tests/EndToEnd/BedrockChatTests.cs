using System.ClientModel;
using Gateway.Tests.Transforms.Bedrock;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// The OpenAI .NET SDK against Amazon Bedrock's Converse API behind the gateway. Streams are binary
/// <c>application/vnd.amazon.eventstream</c> frames, encoded from the Bedrock adapter's recorded event fixtures.
/// </summary>
[TestFixture]
public sealed class BedrockChatTests : SingleProviderFixture
{
    private const string ModelId = "anthropic.claude-3-haiku-20240307-v1:0";
    private const string ConversePath = "/model/" + ModelId + "/converse";
    private const string StreamPath = "/model/" + ModelId + "/converse-stream";
    private const string EventStream = "application/vnd.amazon.eventstream";

    private static readonly ChatTool TopSong = ChatTool.CreateFunctionTool("top_song", "The most popular song on a radio station",
        BinaryData.FromString("""{"type":"object","properties":{"sign":{"type":"string"}},"required":["sign"]}"""));

    private static readonly ChatTool Now = ChatTool.CreateFunctionTool("now", "The time", BinaryData.FromString("""{"type":"object","properties":{}}"""));

    protected override string ProvidersJson => $$"""
        "bedrock": { "Kind": "bedrock", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "bedrock-sigv4": { "Kind": "bedrock", "BaseUrl": "{{Provider.Url}}",
                           "Settings": { "Region": "us-east-1", "AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" } }
        """;

    protected override string ModelsJson => $$"""
        "haiku": { "Targets": [ { "Provider": "bedrock", "Model": "{{ModelId}}", "MaxOutputTokens": 4096 } ] },
        "haiku-signed": { "Targets": [ { "Provider": "bedrock-sigv4", "Model": "{{ModelId}}", "MaxOutputTokens": 4096 } ] }
        """;

    private ChatClient Client => Gateway.ChatClient("haiku");

    private void ReplyEvents(string fixture) =>
        Provider.ReplyBytes(StreamPath, 200, EventStreamTestEncoder.EncodeFixture(Fixture.Text("Bedrock", "Streams", fixture)), EventStream);

    [Test]
    public async Task Answers_a_chat_converted_from_converse_with_a_bedrock_api_key()
    {
        Provider.Reply(ConversePath, 200, Fixture.Text("Bedrock", "Responses", "text.converse.json"));
        var expected = Fixture.AnswerText("Bedrock", "Responses", "text.openai.json");

        ChatCompletion completion = await Client.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Capital of Italy?")]);

        ChatCompletionAssert.Answered(completion, expected, inputTokens: 30, outputTokens: 19);
        var sent = Provider.LastBody();
        Assert.That(sent["system"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Be brief."));
        Assert.That(sent["inferenceConfig"]!["maxTokens"]!.GetValue<int>(), Is.EqualTo(4096));
        var headers = Provider.LastHeaders();
        Assert.That(headers["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
        Assert.That(headers.Values.SelectMany(v => v).Any(v => v.Contains(GatewayHost.ClientKey, StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Signs_requests_with_sigv4_when_configured_with_access_keys()
    {
        Provider.Reply(ConversePath, 200, Fixture.Text("Bedrock", "Responses", "text.converse.json"));

        await Gateway.ChatClient("haiku-signed").CompleteChatAsync([new UserChatMessage("hi")]);

        var headers = Provider.LastHeaders();
        Assert.That(headers["Authorization"].ToString(), Does.StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").And.Contain("/us-east-1/bedrock/aws4_request"));
        Assert.That(headers.ContainsKey("X-Amz-Date"), Is.True);
    }

    [Test]
    public async Task Streams_text_from_event_stream_frames()
    {
        ReplyEvents("text.events");
        var expected = ExpectedStreamResult.FromJsonArray(Fixture.Text("Bedrock", "Streams", "text.expected.json"));

        var stream = await SdkStreamResult.CollectAsync(Client.CompleteChatStreamingAsync([new UserChatMessage("Capital of Italy?")]));

        Assert.That(stream.Text.ToString(), Is.EqualTo(expected.Text));
        Assert.That(stream.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(stream.Usage!.TotalTokenCount, Is.EqualTo(39));
        Assert.That(stream.CompletionIds, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Returns_tool_use_as_tool_calls_and_sends_results_back_as_tool_result_blocks()
    {
        Provider.Reply(ConversePath, 200, Fixture.Text("Bedrock", "Responses", "tool-use.converse.json"));
        List<ChatMessage> messages = [new UserChatMessage("Most popular song on WZPZ?")];

        ChatCompletion first = await Client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { TopSong, Now } });

        Assert.That(first.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(first.ToolCalls[0].Id, Is.EqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q"));
        Assert.That(JsonNode.Parse(first.ToolCalls[0].FunctionArguments.ToString())!["sign"]!.GetValue<string>(), Is.EqualTo("WZPZ"));
        Assert.That(Provider.LastBody()["toolConfig"]!["tools"]![0]!["toolSpec"]!["name"]!.GetValue<string>(), Is.EqualTo("top_song"));

        messages.Add(new AssistantChatMessage(first));
        foreach (var call in first.ToolCalls)
        {
            messages.Add(new ToolChatMessage(call.Id, """{"song":"Elemental Hotel"}"""));
        }
        Provider.Reset();
        Provider.Reply(ConversePath, 200, Fixture.Text("Bedrock", "Responses", "text.converse.json"));
        await Client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { TopSong, Now } });

        var sent = Provider.LastBody()["messages"]!.AsArray();
        Assert.That(sent[1]!["content"]!.AsArray().Any(b => b!["toolUse"] is not null), Is.True);
        Assert.That(sent[2]!["content"]![0]!["toolResult"]!["toolUseId"]!.GetValue<string>(), Is.EqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q"));
    }

    [Test]
    public async Task Streams_tool_use_input_as_argument_fragments()
    {
        ReplyEvents("tool-use.events");
        var expected = ExpectedStreamResult.FromJsonArray(Fixture.Text("Bedrock", "Streams", "tool-use.expected.json"));

        var stream = await SdkStreamResult.CollectWithToolsAsync(Client, "Most popular song on WZPZ?", TopSong, Now);

        ChatCompletionAssert.StreamedToolCall(stream, expected.ToolName, expected.Arguments);
    }

    [Test]
    public async Task Sends_data_url_images_as_image_blocks()
    {
        Provider.Reply(ConversePath, 200, Fixture.Text("Bedrock", "Responses", "text.converse.json"));

        await Client.CompleteChatAsync([ImageChatMessages.PngOnly()]);

        var image = Provider.LastBody()["messages"]![0]!["content"]![1]!["image"]!;
        Assert.That(image["format"]!.GetValue<string>(), Is.EqualTo("png"));
        Assert.That(image["source"]!["bytes"]!.GetValue<string>(), Is.EqualTo(Convert.ToBase64String(ImageChatMessages.Png)));
    }

    [Test]
    public async Task Answers_json_mode_with_the_json_as_content()
    {
        Provider.Reply(ConversePath, 200, Fixture.Text("Bedrock", "Responses", "json-mode.converse.json"));

        ChatCompletion completion = await Client.CompleteChatAsync(
            [new UserChatMessage("Weather as JSON")], new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        Assert.That(JsonNode.Parse(completion.Content[0].Text), Is.Not.Null);
        Assert.That(completion.ToolCalls, Is.Empty);
        Assert.That(completion.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
    }

    [Test]
    public async Task Reports_max_tokens_as_length()
    {
        Provider.Reply(ConversePath, 200, Fixture.Text("Bedrock", "Responses", "empty-content.converse.json"));

        ChatCompletion completion = await Client.CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(completion.FinishReason, Is.EqualTo(ChatFinishReason.Length));
    }

    [Test]
    public async Task Maps_throttling_to_429_keeping_retry_after()
    {
        Provider.Reply(ConversePath, 429, Fixture.Text("Bedrock", "Errors", "429-ThrottlingException.json"),
            headers: new Dictionary<string, string> { ["Retry-After"] = "3", ["x-amzn-ErrorType"] = "ThrottlingException" });

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        ChatCompletionAssert.RateLimited(ex, retryAfter: "3");
    }

    [Test]
    public async Task Turns_access_denied_into_502()
    {
        Provider.Reply(ConversePath, 403, Fixture.Text("Bedrock", "Errors", "403-AccessDeniedException.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(502));
    }

    [TestCase("500-InternalServerException.json", 500, 502)]
    [TestCase("503-ServiceUnavailableException.json", 503, 503)]
    public async Task Maps_server_errors(string fixture, int providerStatus, int expected)
    {
        Provider.Reply(ConversePath, providerStatus, Fixture.Text("Bedrock", "Errors", fixture));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(expected));
    }

    [Test]
    public async Task Makes_the_sdk_stream_fail_on_a_mid_stream_exception_frame()
    {
        ReplyEvents("throttled-mid-stream.events");
        var stream = new SdkStreamResult();

        var failure = await AsyncAssert.CatchAsync(() => stream.ReadAsync(Client.CompleteChatStreamingAsync([new UserChatMessage("tell a story")])));

        Assert.That(failure, Is.Not.Null);
        Assert.That(stream.Text.ToString(), Is.EqualTo("Once upon"));
    }
}
