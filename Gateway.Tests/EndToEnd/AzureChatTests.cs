using System.ClientModel;

namespace Gateway.Tests.EndToEnd;

/// <summary>The OpenAI .NET SDK against Azure OpenAI (deployment URLs and the v1 API) behind the gateway.</summary>
[TestFixture]
public sealed class AzureChatTests : SingleProviderFixture
{
    private const string DeploymentPath = "/openai/deployments/gpt4o-prod/chat/completions";
    private const string V1Path = "/openai/v1/chat/completions";

    private static readonly ChatTool Weather = ChatTools.Weather("get_current_weather", locationRequired: true);

    protected override string ProvidersJson => $$"""
        "azure": { "Kind": "azure", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "azure-v1": { "Kind": "azure", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}",
                      "Settings": { "ApiStyle": "v1", "AuthHeader": "bearer" } },
        "azure-preview": { "Kind": "azure", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}",
                           "Settings": { "ApiVersion": "2025-04-01-preview" } }
        """;

    protected override string ModelsJson => """
        "gpt4o": { "Targets": [ { "Provider": "azure", "Model": "gpt4o-prod" } ] },
        "gpt4o-v1": { "Targets": [ { "Provider": "azure-v1", "Model": "gpt-4o" } ] },
        "gpt4o-preview": { "Targets": [ { "Provider": "azure-preview", "Model": "gpt4o-prod" } ] }
        """;

    [Test]
    public async Task Answers_a_chat_through_the_deployment_url_with_the_api_key_header()
    {
        Provider.Reply(DeploymentPath, 200, Fixture.Text("Azure", "chat-text.response.json"));

        ChatCompletion completion = await Gateway.ChatClient("gpt4o").CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Does Azure OpenAI support customer managed keys?")]);

        ChatCompletionAssert.Answered(completion, "Azure OpenAI supports customer managed keys.", inputTokens: 24, outputTokens: 8, model: "gpt-4o-2024-08-06");
        Assert.That(Provider.LastUrl(), Does.EndWith($"{DeploymentPath}?api-version=2024-10-21"));
        var headers = Provider.LastHeaders();
        Assert.That(headers["api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
        Assert.That(headers.ContainsKey("Authorization"), Is.False);
        Assert.That(headers.Values.SelectMany(v => v).Any(v => v.Contains(GatewayHost.ClientKey, StringComparison.Ordinal)), Is.False);
        Assert.That(Provider.LastBody()["messages"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Uses_the_configured_api_version()
    {
        Provider.Reply(DeploymentPath, 200, Fixture.Text("Azure", "chat-text.response.json"));

        await Gateway.ChatClient("gpt4o-preview").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(Provider.LastUrl(), Does.EndWith("?api-version=2025-04-01-preview"));
    }

    [Test]
    public async Task Answers_through_the_v1_api_with_the_model_in_the_body_and_a_bearer_token()
    {
        Provider.Reply(V1Path, 200, Fixture.Text("Azure", "chat-text.response.json"));

        ChatCompletion completion = await Gateway.ChatClient("gpt4o-v1").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(completion.Content[0].Text, Is.EqualTo("Azure OpenAI supports customer managed keys."));
        Assert.That(Provider.LastUrl(), Does.EndWith(V1Path), "no api-version on the v1 API");
        Assert.That(Provider.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o"));
        var headers = Provider.LastHeaders();
        Assert.That(headers["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
        Assert.That(headers.ContainsKey("api-key"), Is.False);
    }

    [Test]
    public async Task Streams_text_and_drops_the_content_filter_metadata_chunks()
    {
        Provider.ReplyStream(DeploymentPath, Fixture.Text("Azure", "chat-text.stream.sse"));

        var stream = await SdkStreamResult.CollectAsync(Gateway.ChatClient("gpt4o").CompleteChatStreamingAsync([new UserChatMessage("Hello")]));

        Assert.That(stream.Text.ToString(), Is.EqualTo("Hello from Azure"));
        Assert.That(stream.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(stream.Usage!.TotalTokenCount, Is.EqualTo(15));
        Assert.That(stream.CompletionIds, Has.Count.EqualTo(1));
        Assert.That(Provider.LastBody()["stream_options"]!["include_usage"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Sends_no_empty_or_metadata_only_chunk_to_the_client()
    {
        Provider.ReplyStream(DeploymentPath, Fixture.Text("Azure", "chat-text.stream.sse"));
        using var body = new StringContent("""{"model":"gpt4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = body }, HttpCompletionOption.ResponseHeadersRead);
        var (events, _) = await SseReading.ReadEventsAsync(response);

        Assert.That(events[^1], Is.EqualTo("data: [DONE]"));
        Assert.That(events, Has.Count.EqualTo(6), "role, three deltas, finish, [DONE]");
        foreach (var chunk in events.Take(events.Count - 1))
        {
            var json = JsonNode.Parse(chunk["data: ".Length..])!;
            Assert.That(json["object"]!.GetValue<string>(), Is.EqualTo("chat.completion.chunk"));
            Assert.That(json["choices"]!.AsArray(), Is.Not.Empty);
            Assert.That(json["choices"]![0]!["delta"], Is.Not.Null);
            Assert.That(json.AsObject().ContainsKey("prompt_filter_results"), Is.False);
        }
    }

    [Test]
    public async Task Returns_tool_calls_and_sends_tool_results_back()
    {
        Provider.Reply(DeploymentPath, 200, Fixture.Text("Azure", "chat-tool-call.response.json"));
        var client = Gateway.ChatClient("gpt4o");
        List<ChatMessage> messages = [new UserChatMessage("Weather in San Francisco?")];

        ChatCompletion first = await client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { Weather } });

        Assert.That(first.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(first.ToolCalls[0].Id, Is.EqualTo("call_H3GsdkFT7kk6mg0EjoyPIVko"));
        Assert.That(JsonNode.Parse(first.ToolCalls[0].FunctionArguments.ToString())!["location"]!.GetValue<string>(), Is.EqualTo("San Francisco, CA"));
        Assert.That(Provider.LastBody()["tools"]![0]!["function"]!["name"]!.GetValue<string>(), Is.EqualTo("get_current_weather"));

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, """{"temperature":18}"""));
        Provider.Reset();
        Provider.Reply(DeploymentPath, 200, Fixture.Text("Azure", "chat-text.response.json"));
        await client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { Weather } });

        ChatCompletionAssert.SentToolResult(Provider.LastBody()["messages"]!.AsArray(), "call_H3GsdkFT7kk6mg0EjoyPIVko");
    }

    [Test]
    public async Task Streams_tool_call_arguments_in_fragments()
    {
        Provider.ReplyStream(DeploymentPath, Fixture.Text("Azure", "chat-tool-call.stream.sse"));

        var stream = await SdkStreamResult.CollectWithToolsAsync(Gateway.ChatClient("gpt4o"), "Weather in Boston?", Weather);

        ChatCompletionAssert.StreamedToolCall(stream, "get_current_weather", """{"location":"Boston, MA"}""");
        Assert.That(stream.ToolCallId, Is.EqualTo("call_7pOtBjY3gSkhSPjVfUkUeFVc"));
    }

    [Test]
    public async Task Passes_images_through()
    {
        Provider.Reply(DeploymentPath, 200, Fixture.Text("Azure", "chat-text.response.json"));

        await Gateway.ChatClient("gpt4o").CompleteChatAsync([ImageChatMessages.PngAndUrl()]);

        var content = Provider.LastBody()["messages"]![0]!["content"]!.AsArray();
        Assert.That(content[1]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo($"data:image/png;base64,{Convert.ToBase64String(ImageChatMessages.Png)}"));
        Assert.That(content[2]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo("https://example.com/cat.jpg"));
    }

    [Test]
    public async Task Answers_json_mode_requests()
    {
        Provider.Reply(DeploymentPath, 200, Fixture.Text("Azure", "chat-json.response.json"));

        ChatCompletion completion = await Gateway.ChatClient("gpt4o").CompleteChatAsync(
            [new UserChatMessage("Weather in Paris as JSON")], new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        Assert.That(JsonNode.Parse(completion.Content[0].Text)!["city"]!.GetValue<string>(), Is.EqualTo("Paris"));
        Assert.That(Provider.LastBody()["response_format"]!["type"]!.GetValue<string>(), Is.EqualTo("json_object"));
    }

    [TestCase("chat-length.response.json", "length")]
    [TestCase("chat-content-filter.response.json", "content_filter")]
    public async Task Keeps_the_finish_reason(string fixture, string finishReason)
    {
        Provider.Reply(DeploymentPath, 200, Fixture.Text("Azure", fixture));

        ChatCompletion completion = await Gateway.ChatClient("gpt4o").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(completion.FinishReason, Is.EqualTo(finishReason == "length" ? ChatFinishReason.Length : ChatFinishReason.ContentFilter));
    }

    [Test]
    public async Task Keeps_a_content_filter_400_with_its_code()
    {
        Provider.Reply(DeploymentPath, 400, Fixture.Text("Azure", "error-400-content-filter.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("gpt4o").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(400));
        var error = JsonNode.Parse(ex.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("content_filter"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("content management policy"));
    }

    [Test]
    public async Task Turns_a_401_into_502_without_the_key()
    {
        Provider.Reply(DeploymentPath, 401, Fixture.Text("Azure", "error-401.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("gpt4o").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(502));
        Assert.That(ex.GetRawResponse()!.Content.ToString(), Does.Contain("upstream_auth_failed").And.Not.Contain(FakeProvider.ProviderKey));
    }

    [Test]
    public async Task Maps_a_rate_limit_to_429_keeping_retry_after()
    {
        Provider.Reply(DeploymentPath, 429, Fixture.Text("Azure", "error-429.json"),
            headers: new Dictionary<string, string> { ["retry-after"] = "7", ["retry-after-ms"] = "6500" });

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("gpt4o").CompleteChatAsync([new UserChatMessage("hi")]));

        ChatCompletionAssert.RateLimited(ex, retryAfter: "7", because: "retry-after-ms 6500 rounds up to 7 s");
    }

    [Test]
    public async Task Maps_a_server_error_to_502()
    {
        Provider.Reply(DeploymentPath, 500, Fixture.Text("Azure", "error-500.json"));

        var ex = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("gpt4o").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That(ex!.Status, Is.EqualTo(502));
    }

    [Test]
    public async Task Makes_the_sdk_stream_fail_on_a_mid_stream_error()
    {
        Provider.ReplyStream(DeploymentPath, Fixture.Text("Azure", "chat-error.stream.sse"));
        var stream = new SdkStreamResult();

        var failure = await AsyncAssert.CatchAsync(() => stream.ReadAsync(Gateway.ChatClient("gpt4o").CompleteChatStreamingAsync([new UserChatMessage("tell a story")])));

        Assert.That(failure, Is.Not.Null);
        Assert.That(stream.Text.ToString(), Is.EqualTo("Once upon"));
        await Task.CompletedTask;
    }
}
