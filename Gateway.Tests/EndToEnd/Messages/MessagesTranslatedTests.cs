using Anthropic.Models.Messages;

namespace Gateway.Tests.EndToEnd.Messages;

/// <summary>
/// The Anthropic .NET SDK against <c>/v1/messages</c>, served by an OpenAI-kind and a Gemini provider: the request is
/// translated to chat and each provider's answer, whole or streamed, back to Anthropic's format.
/// </summary>
[TestFixture]
public sealed class MessagesTranslatedTests : SingleProviderFixture
{
    private const string GeminiGenerate = "/v1beta/models/gemini-2.5-flash:generateContent";
    private const string GeminiStream = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";

    private readonly FakeProvider _gemini = new();

    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "gemini": { "Kind": "gemini", "BaseUrl": "{{_gemini.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" }
        """;

    protected override string ModelsJson => """
        "gpt": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
        "flash": { "Targets": [ { "Provider": "gemini", "Model": "gemini-2.5-flash" } ] }
        """;

    [OneTimeTearDown]
    public void StopGemini() => _gemini.Dispose();

    [SetUp]
    public void ResetGemini() => _gemini.Reset();

    private static readonly Tool Weather = AnthropicMessages.WeatherTool("get_current_weather");

    [Test]
    public async Task Answers_through_an_openai_kind_provider_in_anthropics_format()
    {
        Provider.AnswerChats();

        var message = await AnthropicSdk.Client(Gateway).Messages.Create(new MessageCreateParams
        {
            MaxTokens = 200,
            Model = "gpt",
            System = "Be brief.",
            StopSequences = ["END"],
            Messages = [new UserMessageParam("Hello")],
        });

        AnthropicMessages.AssertAnswered(message, "Hello! How can I assist you today?", inputTokens: 19, outputTokens: 10);
        var sent = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini"));
            Assert.That(sent["messages"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("system"));
            Assert.That(sent["messages"]![0]!["content"]!.GetValue<string>(), Is.EqualTo("Be brief."));
            Assert.That(sent["messages"]![1]!["content"]!.GetValue<string>(), Is.EqualTo("Hello"));
            Assert.That(sent["stop"]![0]!.GetValue<string>(), Is.EqualTo("END"));
        });
        Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo("Bearer " + FakeProvider.ProviderKey));
    }

    [Test]
    public async Task Streams_through_an_openai_kind_provider_as_anthropics_events()
    {
        Provider.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        var expected = ExpectedStreamResult.FromSse(Fixture.Text("OpenAi", "chat-text.stream.txt"));

        var stream = await StreamAsync("gpt");

        Assert.That(stream.Text, Is.EqualTo(expected.Text));
        Assert.That(stream.Id, Does.StartWith("gen-"));
        Assert.That(stream.Stop, Is.EqualTo("end_turn"));
        Assert.That(stream.OutputTokens, Is.GreaterThan(0));
        Assert.That(Provider.LastBody()["stream_options"]!["include_usage"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Round_trips_a_tool_use_through_an_openai_kind_provider()
    {
        Provider.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-tool-call.response.json"));
        var client = AnthropicSdk.Client(Gateway);

        var first = await client.Messages.Create(new MessageCreateParams
        {
            MaxTokens = 200, Model = "gpt", Tools = [Weather], ToolChoice = new ToolChoiceAny(), Messages = [new UserMessageParam("Weather in Boston?")],
        });

        Assert.That(first.StopReason!.Raw(), Is.EqualTo("tool_use"));
        ToolUseBlock? call = null;
        Assert.That(first.Content.Any(b => b.TryPickToolUse(out call)), Is.True);
        Assert.That(call!.ID, Is.EqualTo("call_abc123"));
        Assert.That(call.Input["location"].GetString(), Is.EqualTo("Boston, MA"));
        var sentFirst = Provider.LastBody();
        Assert.That(sentFirst["tools"]![0]!["function"]!["name"]!.GetValue<string>(), Is.EqualTo("get_current_weather"));
        Assert.That(sentFirst["tool_choice"]!.GetValue<string>(), Is.EqualTo("required"));

        Provider.Reset();
        Provider.AnswerChats();
        await client.Messages.Create(AnthropicMessages.ToolResultTurn("gpt", 200, Weather, "Weather in Boston?", call, "22 degrees"));

        var messages = Provider.LastBody()["messages"]!.AsArray();
        Assert.That(messages[1]!["tool_calls"]![0]!["id"]!.GetValue<string>(), Is.EqualTo("call_abc123"));
        Assert.That(JsonNode.Parse(messages[1]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>())!["location"]!.GetValue<string>(), Is.EqualTo("Boston, MA"));
        Assert.That(messages[2]!["role"]!.GetValue<string>(), Is.EqualTo("tool"));
        Assert.That(messages[2]!["tool_call_id"]!.GetValue<string>(), Is.EqualTo("call_abc123"));
        Assert.That(messages[2]!["content"]!.GetValue<string>(), Is.EqualTo("22 degrees"));
    }

    [Test]
    public async Task Streams_a_tool_use_through_an_openai_kind_provider_as_input_json_deltas()
    {
        Provider.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-tool-call.stream.txt"));

        var stream = await StreamAsync("gpt", Weather);

        Assert.That(stream.ToolName, Is.EqualTo("get_current_weather"));
        Assert.That(JsonNode.Parse(stream.ToolInput)!["location"]!.GetValue<string>(), Is.EqualTo("Boston, MA"));
        Assert.That(stream.Stop, Is.EqualTo("tool_use"));
    }

    [Test]
    public async Task Sends_an_image_to_an_openai_kind_provider_as_an_image_url()
    {
        Provider.AnswerChats();

        await AnthropicSdk.Client(Gateway).Messages.Create(AnthropicMessages.UserTurn("gpt", 200,
            new ImageBlockParam(new Base64ImageSource { Data = "iVBORw0KGgoAAAANSUhEUg==", MediaType = MediaType.ImagePng }),
            new ImageBlockParam(new UrlImageSource("https://example.com/cat.jpg")),
            new TextBlockParam { Text = "What are these?" }));

        var parts = Provider.LastBody()["messages"]![0]!["content"]!.AsArray();
        Assert.That(parts[0]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="));
        Assert.That(parts[1]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo("https://example.com/cat.jpg"));
        Assert.That(parts[2]!["text"]!.GetValue<string>(), Is.EqualTo("What are these?"));
    }

    [Test]
    public async Task Answers_through_gemini_in_anthropics_format()
    {
        _gemini.Reply(GeminiGenerate, 200, Fixture.Text("Gemini", "response_text.json"));
        var expected = Fixture.AnswerText("Gemini", "response_text.openai.json");

        var message = await AnthropicSdk.Client(Gateway).Messages.Create(new MessageCreateParams
        {
            MaxTokens = 200, Model = "flash", System = "Answer in French.", Messages = [new UserMessageParam("2 + 2?")],
        });

        Assert.That(message.Content[0].TryPickText(out var text) ? text.Text : null, Is.EqualTo(expected));
        Assert.That(message.StopReason!.Raw(), Is.EqualTo("end_turn"));
        Assert.That(message.Usage.InputTokens, Is.EqualTo(12));
        var sent = JsonNode.Parse(_gemini.Requests[^1].RequestMessage.Body!)!;
        Assert.That(sent["systemInstruction"]!.ToJsonString(), Does.Contain("Answer in French."));
        Assert.That(sent["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("2 + 2?"));
    }

    [Test]
    public async Task Streams_through_gemini_as_anthropics_events()
    {
        _gemini.ReplyStream(GeminiStream, Fixture.Text("Gemini", "stream_text.sse"));
        var expected = ExpectedStreamResult.FromSse(Fixture.Text("Gemini", "stream_text.expected.sse"));

        var stream = await StreamAsync("flash");

        Assert.That(stream.Text, Is.EqualTo(expected.Text));
        Assert.That(stream.Stop, Is.EqualTo("end_turn"));
        Assert.That(stream.Events[0], Is.EqualTo("message_start"));
        Assert.That(stream.Events[^1], Is.EqualTo("message_delta"), "the SDK's last event before message_stop");
    }

    [Test]
    public async Task Estimates_the_token_count_for_a_model_anthropic_does_not_serve()
    {
        var count = await AnthropicSdk.Client(Gateway).Messages.CountTokens(new MessageCountTokensParams { Model = "gpt", Messages = [new UserMessageParam("Hello there, how are you?")] });
        var (status, _, headers) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages/count_tokens", """{"model":"gpt","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.That(count.InputTokens, Is.GreaterThan(0));
        Assert.That(status, Is.EqualTo(200));
        Assert.That(headers.GetValues("x-gateway-token-count").Single(), Is.EqualTo("estimated"));
        Assert.That(Provider.Requests, Is.Empty, "nothing is sent to count");
    }

    [Test]
    public async Task Refuses_a_server_tool_for_a_provider_that_cannot_run_it()
    {
        var (status, body, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages",
            """{"model":"gpt","max_tokens":10,"messages":[{"role":"user","content":"Search"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]}""");

        Assert.That(status, Is.EqualTo(400));
        Assert.That(JsonNode.Parse(body)!["error"]!["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
        Assert.That(JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>(), Does.Contain("web_search"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    private Task<AnthropicStreamResult> StreamAsync(string model, Tool? tool = null) =>
        AnthropicStreamResult.CollectAsync(AnthropicSdk.Client(Gateway),
            new MessageCreateParams { MaxTokens = 200, Model = model, Messages = [new UserMessageParam("Hello")], Tools = tool is null ? null : [tool] });
}
