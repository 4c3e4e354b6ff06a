using Anthropic.Models.Messages;

namespace Gateway.Tests.EndToEnd.Messages;

/// <summary>The Anthropic .NET SDK against <c>/v1/messages</c>, served by an Anthropic provider: passed through.</summary>
[TestFixture]
public sealed class MessagesToAnthropicTests : SingleProviderFixture
{
    protected override string ProvidersJson => $$"""
        "anthropic": { "Kind": "anthropic", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}", "Settings": { "AnthropicBeta": "configured-beta-1" } }
        """;

    protected override string ModelsJson => """
        "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5", "MaxOutputTokens": 8192 } ] }
        """;

    private static MessageCreateParams Ask(string text) => new()
    {
        MaxTokens = 1024,
        Model = "claude",
        Messages = [new UserMessageParam(text)],
    };

    [Test]
    public async Task Answers_a_message_as_anthropic_sent_it_with_the_gateway_id()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        var message = await AnthropicSdk.Client(Gateway).Messages.Create(Ask("Who are you?"));

        AnthropicMessages.AssertAnswered(message, "Hi! My name is Claude.", inputTokens: 2095, outputTokens: 503);
        var sent = Provider.LastBody();
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("claude-sonnet-4-5"));
        Assert.That(sent["max_tokens"]!.GetValue<int>(), Is.EqualTo(1024), "the client's, not the model entry's default");
        var headers = Provider.LastHeaders();
        Assert.That(headers["x-api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
        Assert.That(headers.ContainsKey("Authorization"), Is.False);
    }

    [Test]
    public async Task Accepts_the_gateway_key_as_a_bearer_token()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        var message = await AnthropicSdk.Client(Gateway, bearer: true).Messages.Create(Ask("Who are you?"));

        Assert.That(message.ID, Does.StartWith("gen-"));
        Assert.That(Provider.LastHeaders()["x-api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
    }

    [Test]
    public async Task Streams_anthropics_events_with_the_gateway_id()
    {
        Provider.ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-text.sse"));

        var stream = await AnthropicStreamResult.CollectAsync(AnthropicSdk.Client(Gateway), Ask("Hello"));

        Assert.That(stream.Text, Is.EqualTo("Hello there!"));
        Assert.That(stream.Id, Does.StartWith("gen-"));
        Assert.That(stream.Stop, Is.EqualTo("end_turn"));
        Assert.That(stream.OutputTokens, Is.EqualTo(6));
        Assert.That(Provider.LastBody()["stream"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Round_trips_a_tool_use_and_its_result()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-tool-use.json"));
        var client = AnthropicSdk.Client(Gateway);
        var weather = AnthropicMessages.WeatherTool("get_weather");
        var first = await client.Messages.Create(new MessageCreateParams
        {
            MaxTokens = 1024, Model = "claude", Messages = [new UserMessageParam("Weather in SF?")], Tools = [weather], ToolChoice = new ToolChoiceAny(),
        });

        Assert.That(first.StopReason!.Raw(), Is.EqualTo("tool_use"));
        Assert.That(first.Content[1].TryPickToolUse(out var call), Is.True);
        Assert.That(call!.Input["location"].GetString(), Is.EqualTo("San Francisco, CA"));
        Assert.That(Provider.LastBody()["tool_choice"]!["type"]!.GetValue<string>(), Is.EqualTo("any"));

        Provider.Reset();
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));
        await client.Messages.Create(AnthropicMessages.ToolResultTurn("claude", 1024, weather, "Weather in SF?", call, "18 degrees and sunny"));

        var sent = Provider.LastBody()["messages"]!.AsArray();
        Assert.That(sent[1]!["content"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("tool_use"));
        Assert.That(sent[2]!["content"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("tool_result"));
        Assert.That(sent[2]!["content"]![0]!["tool_use_id"]!.GetValue<string>(), Is.EqualTo("toolu_01A09q90qw90lq917835lq9"));
    }

    [Test]
    public async Task Sends_an_image_as_the_client_gave_it()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        await AnthropicSdk.Client(Gateway).Messages.Create(AnthropicMessages.UserTurn("claude", 1024,
            new ImageBlockParam(new Base64ImageSource { Data = "iVBORw0KGgoAAAANSUhEUg==", MediaType = MediaType.ImagePng }),
            new TextBlockParam { Text = "What is this?" }));

        var image = Provider.LastBody()["messages"]![0]!["content"]![0]!;
        Assert.That(image["type"]!.GetValue<string>(), Is.EqualTo("image"));
        Assert.That(image["source"]!["data"]!.GetValue<string>(), Is.EqualTo("iVBORw0KGgoAAAANSUhEUg=="));
        Assert.That(image["source"]!["media_type"]!.GetValue<string>(), Is.EqualTo("image/png"));
    }

    [Test]
    public async Task Sends_prompt_caching_marks_untouched_and_returns_the_cache_usage()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-cached-usage.json"));

        var message = await AnthropicSdk.Client(Gateway).Messages.Create(new MessageCreateParams
        {
            MaxTokens = 1024,
            Model = "claude",
            System = new List<TextBlockParam> { new() { Text = "A very long book.", CacheControl = new CacheControlEphemeral() } },
            Tools = [new Tool { Name = "lookup", InputSchema = new InputSchema(), CacheControl = new CacheControlEphemeral() }],
            Messages = [new UserMessageParam(new List<ContentBlockParam> { new TextBlockParam { Text = "Themes?", CacheControl = new CacheControlEphemeral() } })],
        });

        var sent = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(sent["system"]![0]!["cache_control"]!["type"]!.GetValue<string>(), Is.EqualTo("ephemeral"));
            Assert.That(sent["tools"]![0]!["cache_control"]!["type"]!.GetValue<string>(), Is.EqualTo("ephemeral"));
            Assert.That(sent["messages"]![0]!["content"]![0]!["cache_control"]!["type"]!.GetValue<string>(), Is.EqualTo("ephemeral"));
            Assert.That(message.Usage.CacheReadInputTokens, Is.EqualTo(187354));
            Assert.That(message.Usage.CacheCreationInputTokens, Is.EqualTo(188));
        });
    }

    [Test]
    public async Task Sends_every_field_anthropic_understands_byte_for_byte_with_only_the_model_rewritten()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));
        const string body = """{"model":"claude","max_tokens":4096,"system":[{"type":"text","text":"Read this.","cache_control":{"type":"ephemeral","ttl":"1h"}}],"thinking":{"type":"enabled","budget_tokens":2048},"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjQ="},"cache_control":{"type":"ephemeral"}},{"type":"text","text":"Summarise."}]},{"role":"assistant","content":[{"type":"thinking","thinking":"The PDF says…","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},{"type":"text","text":"It is short."}]},{"role":"user","content":"More?"}],"tool_choice":{"type":"auto","disable_parallel_tool_use":true},"tools":[{"name":"cite","input_schema":{"type":"object"}}],"metadata":{"user_id":"u-42"},"stop_sequences":["END"],"top_k":7}""";

        var (status, _, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", body);

        Assert.That(status, Is.EqualTo(200));
        var sent = Provider.Requests[^1].RequestMessage.Body;
        Assert.That(sent, Is.EqualTo(body.Replace("\"model\":\"claude\"", "\"model\":\"claude-sonnet-4-5\"", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Forwards_the_clients_anthropic_version_and_betas()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        var (status, _, _) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages", """{"model":"claude","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""",
            headers: new Dictionary<string, string> { ["anthropic-version"] = "2026-01-01", ["anthropic-beta"] = "interleaved-thinking-2025-05-14" });

        Assert.That(status, Is.EqualTo(200));
        var headers = Provider.LastHeaders();
        Assert.That(headers["anthropic-version"].ToString(), Is.EqualTo("2026-01-01"));
        Assert.That(headers["anthropic-beta"].ToString(), Is.EqualTo("configured-beta-1,interleaved-thinking-2025-05-14"));
    }

    [Test]
    public async Task Counts_tokens_exactly_by_asking_anthropic()
    {
        Provider.Reply("/v1/messages/count_tokens", 200, """{"input_tokens":2095}""");

        var count = await AnthropicSdk.Client(Gateway).Messages.CountTokens(new MessageCountTokensParams { Model = "claude", Messages = [new UserMessageParam("Hello")] });
        var (status, _, headers) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages/count_tokens", """{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.That(count.InputTokens, Is.EqualTo(2095));
        Assert.That(status, Is.EqualTo(200));
        Assert.That(headers.GetValues("x-gateway-token-count").Single(), Is.EqualTo("exact"));
        var sent = Provider.LastBody();
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("claude-sonnet-4-5"));
        Assert.That(sent.ContainsKey("max_tokens"), Is.False, "count_tokens refuses generation settings");
        Assert.That(Provider.LastHeaders()["x-api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
    }

    [Test]
    public async Task Estimates_the_count_when_anthropic_cannot_count()
    {
        Provider.Reply("/v1/messages/count_tokens", 500, Fixture.Text("Anthropic", "error-500.json"));

        var (status, body, headers) = await AnthropicSdk.PostAsync(Gateway, "/v1/messages/count_tokens", """{"model":"claude","messages":[{"role":"user","content":"Hello there, how are you today?"}]}""");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(headers.GetValues("x-gateway-token-count").Single(), Is.EqualTo("estimated"));
        Assert.That(JsonNode.Parse(body)!["input_tokens"]!.GetValue<int>(), Is.GreaterThan(0));
    }
}
