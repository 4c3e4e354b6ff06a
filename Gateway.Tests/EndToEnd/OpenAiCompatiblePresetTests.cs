namespace Gateway.Tests.EndToEnd;

/// <summary>
/// Each OpenAI-compatible preset, selected as <c>"Kind": "&lt;preset&gt;"</c>, behind the gateway: the request reaches the
/// provider's documented path with the preset's quirks applied, and answers and streams come back in OpenAI's shape.
/// </summary>
[TestFixture]
public sealed class OpenAiCompatiblePresetTests : SingleProviderFixture
{
    /// <summary>Per preset: the path under the documented root, the fields it must not receive, renamed fields, and its native reasoning name.</summary>
    public static readonly PresetCase[] Cases =
    [
        new("mistral", "/v1", Absent: ["max_completion_tokens", "seed", "user", "logprobs", "service_tier", "store"],
            Renamed: [("max_tokens", 100), ("random_seed", 7)], MessageFieldsDropped: ["reasoning_content"], StreamOptions: false, Reasoning: null),
        new("groq", "/openai/v1", Absent: ["logprobs"], Renamed: [("max_completion_tokens", 100)], MessageFieldsDropped: ["name"], StreamOptions: true, Reasoning: "reasoning"),
        new("together", "/v1", Absent: [], Renamed: [("max_completion_tokens", 100)], MessageFieldsDropped: [], StreamOptions: true, Reasoning: "reasoning"),
        new("deepseek", "", Absent: ["max_completion_tokens"], Renamed: [("max_tokens", 100)], MessageFieldsDropped: [], StreamOptions: true, Reasoning: "reasoning_content"),
        new("xai", "/v1", Absent: [], Renamed: [("max_completion_tokens", 100)], MessageFieldsDropped: [], StreamOptions: true, Reasoning: "reasoning_content"),
        new("fireworks", "/inference/v1", Absent: [], Renamed: [("max_completion_tokens", 100)], MessageFieldsDropped: [], StreamOptions: true, Reasoning: "reasoning_content"),
        new("openrouter", "/api/v1", Absent: [], Renamed: [("max_completion_tokens", 100)], MessageFieldsDropped: [], StreamOptions: true, Reasoning: "reasoning"),
        new("perplexity", "", Absent: ["logprobs", "service_tier"], Renamed: [("max_completion_tokens", 100)], MessageFieldsDropped: [], StreamOptions: true, Reasoning: null),
        new("ollama", "/v1", Absent: ["max_completion_tokens"], Renamed: [("max_tokens", 100)], MessageFieldsDropped: [], StreamOptions: true, Reasoning: "reasoning"),
        new("vllm", "/v1", Absent: [], Renamed: [("max_completion_tokens", 100)], MessageFieldsDropped: [], StreamOptions: true, Reasoning: "reasoning_content"),
    ];

    protected override string ProvidersJson => string.Join(",\n", Cases.Select(c =>
        $$"""  "{{c.Kind}}-account": { "Kind": "{{c.Kind}}", "BaseUrl": "{{Provider.Url}}{{c.Root}}", "ApiKey": "{{FakeProvider.ProviderKey}}" }"""));

    protected override string ModelsJson => string.Join(",\n", Cases.Select(c =>
        $$"""  "{{c.Kind}}-chat": { "Targets": [ { "Provider": "{{c.Kind}}-account", "Model": "{{c.Kind}}-upstream-model" } ] }"""));

    [TestCaseSource(nameof(Cases))]
    public async Task Sends_a_chat_to_the_documented_path_with_the_presets_quirks_applied(PresetCase preset)
    {
        Provider.Reply($"{preset.Root}/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));
        using var body = new StringContent($$"""
            {"model":"{{preset.Kind}}-chat","max_completion_tokens":100,"seed":7,"logprobs":false,"user":"u-1","service_tier":"auto","store":false,
             "messages":[{"role":"user","name":"ann","content":"hi"},
                         {"role":"assistant","content":"earlier","reasoning_content":"thought"},
                         {"role":"user","content":"again"}]}
            """, Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(answer["choices"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo("Hello! How can I assist you today?"));
        Assert.That(answer["provider"]!.GetValue<string>(), Is.EqualTo($"{preset.Kind}-account"));

        var sent = Provider.LastBody();
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo($"{preset.Kind}-upstream-model"));
        foreach (var field in preset.Absent)
        {
            Assert.That(sent.ContainsKey(field), Is.False, $"{preset.Kind} must not receive '{field}'");
        }
        foreach (var (field, value) in preset.Renamed)
        {
            Assert.That(sent[field]?.GetValue<int>(), Is.EqualTo(value), $"{preset.Kind} gets '{field}'");
        }
        var messages = sent["messages"]!.AsArray();
        Assert.That(messages, Has.Count.EqualTo(3));
        foreach (var field in preset.MessageFieldsDropped)
        {
            Assert.That(messages.Any(m => m!.AsObject().ContainsKey(field)), Is.False, $"{preset.Kind} messages must not carry '{field}'");
        }
        var headers = Provider.LastHeaders();
        Assert.That(headers["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Streams_text_usage_and_reasoning_under_both_names(PresetCase preset)
    {
        Provider.ReplyStream($"{preset.Root}/chat/completions", Stream(preset.Reasoning));
        using var body = new StringContent($$"""
            {"model":"{{preset.Kind}}-chat","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}
            """, Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = body }, HttpCompletionOption.ResponseHeadersRead);
        var (events, aborted) = await SseReading.ReadEventsAsync(response);

        Assert.That(aborted, Is.False);
        Assert.That(events[^1], Is.EqualTo("data: [DONE]"));
        var chunks = events.Take(events.Count - 1).Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        var text = string.Concat(chunks.Select(c => c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>()));
        Assert.That(text, Is.EqualTo("Hi there"));
        Assert.That(chunks.Select(c => c["id"]!.GetValue<string>()).Distinct().Single(), Does.StartWith("gen-"));
        Assert.That(chunks[^1]["usage"]!["total_tokens"]!.GetValue<int>(), Is.EqualTo(12));
        if (preset.Reasoning is not null)
        {
            var delta = chunks.Select(c => c["choices"]!.AsArray().FirstOrDefault()?["delta"]).First(d => d?[preset.Reasoning] is not null)!;
            Assert.That(delta["reasoning_content"]!.GetValue<string>(), Is.EqualTo("Thinking about it."));
            Assert.That(delta["reasoning"]!.GetValue<string>(), Is.EqualTo("Thinking about it."));
        }
        var sent = Provider.LastBody();
        Assert.That(sent.ContainsKey("stream_options"), Is.EqualTo(preset.StreamOptions), $"{preset.Kind} stream_options");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Streams_through_the_sdk(PresetCase preset)
    {
        Provider.ReplyStream($"{preset.Root}/chat/completions", Stream(preset.Reasoning));

        var stream = await SdkStreamResult.CollectAsync(Gateway.ChatClient($"{preset.Kind}-chat").CompleteChatStreamingAsync([new UserChatMessage("hi")]));

        Assert.That(stream.Text.ToString(), Is.EqualTo("Hi there"));
        Assert.That(stream.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(stream.Usage!.TotalTokenCount, Is.EqualTo(12));
    }

    [Test]
    public async Task Refuses_tools_for_perplexity_naming_the_field()
    {
        using var body = new StringContent("""
            {"model":"perplexity-chat","messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}]}
            """, Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("tools"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task Refuses_n_greater_than_one_for_groq_naming_the_field()
    {
        using var body = new StringContent("""{"model":"groq-chat","n":2,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("n"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    /// <summary>A provider stream: role, optional reasoning under the provider's own name, two text deltas, finish, usage.</summary>
    private static string Stream(string? reasoningName)
    {
        const string Head = "{\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,\"model\":\"upstream\",\"choices\":[";
        var sse = new StringBuilder();
        void Event(string json) => sse.Append("data: ").Append(json).Append("\n\n");
        Event(Head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        if (reasoningName is not null)
        {
            Event(Head + $"{{\"index\":0,\"delta\":{{\"{reasoningName}\":\"Thinking about it.\"}},\"finish_reason\":null}}]}}");
        }
        Event(Head + "{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}");
        Event(Head + "{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}");
        Event(Head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        Event(Head + "],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":4,\"total_tokens\":12}}");
        sse.Append("data: [DONE]\n\n");
        return sse.ToString();
    }

    public sealed record PresetCase(
        string Kind, string Root, string[] Absent, (string Field, int Value)[] Renamed, string[] MessageFieldsDropped, bool StreamOptions, string? Reasoning)
    {
        public override string ToString() => Kind;
    }
}
