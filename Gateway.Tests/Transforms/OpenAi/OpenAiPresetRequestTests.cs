using Gateway.Transforms.Buffers;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Tests.Transforms.OpenAi;

/// <summary>What each preset's request writer sends, and what it refuses.</summary>
[TestFixture]
public sealed class OpenAiPresetRequestTests
{
    private static (JsonObject? Body, Gateway.Transforms.Errors.GatewayError? Error) Write(OpenAiCompatiblePreset preset, string request)
    {
        var bytes = Encoding.UTF8.GetBytes(request);
        var parsed = ChatRequest.Parse(bytes);
        Assert.That(parsed.Error, Is.Null);
        using var chat = parsed.Request!;
        using var body = new PooledByteBufferWriter(1024);
        var error = new OpenAiAdapter(preset).WriteRequestBody(chat, new UpstreamTarget { ProviderId = "p", Kind = preset.Kind, Model = "upstream" }, body);
        return (error is null ? JsonNode.Parse(body.WrittenSpan)!.AsObject() : null, error);
    }

    [Test]
    public void Sends_mistral_only_fields_of_its_schema()
    {
        var (body, _) = Write(OpenAiCompatiblePresets.Mistral, """
            {"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.3,"user":"u","logit_bias":{"1":2},"stream":true,
             "stream_options":{"include_usage":true},"safe_prompt":true,"reasoning_effort":"low","tools":[{"type":"function","function":{"name":"f","parameters":{}}}],
             "parallel_tool_calls":false}
            """);

        Assert.That(body!.Select(p => p.Key), Is.EquivalentTo(new[] { "model", "messages", "temperature", "stream", "safe_prompt", "tools", "parallel_tool_calls" }));
    }

    [Test]
    public void Keeps_the_clients_own_value_when_both_names_were_sent()
    {
        var (body, _) = Write(OpenAiCompatiblePresets.DeepSeek, """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":50,"max_completion_tokens":100}""");

        Assert.That(body!["max_tokens"]!.GetValue<int>(), Is.EqualTo(50));
        Assert.That(body.ContainsKey("max_completion_tokens"), Is.False);
    }

    [Test]
    public void Removes_message_fields_the_provider_rejects_and_keeps_the_rest()
    {
        var (body, _) = Write(OpenAiCompatiblePresets.Groq, """
            {"model":"m","messages":[{"role":"user","name":"ann","content":[{"type":"text","text":"hi"}]},{"role":"tool","tool_call_id":"c1","content":"{}"}]}
            """);

        var messages = body!["messages"]!.AsArray();
        Assert.That(messages[0]!.AsObject().ContainsKey("name"), Is.False);
        Assert.That(messages[0]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("hi"));
        Assert.That(messages[1]!["tool_call_id"]!.GetValue<string>(), Is.EqualTo("c1"));
    }

    [Test]
    public void Sends_the_plain_openai_kind_unchanged_apart_from_model_and_gateway_fields()
    {
        const string Request = """{"model":"m","messages":[{"role":"user","name":"ann","content":"hi"}],"max_completion_tokens":100,"logprobs":true,"models":["a"]}""";
        var parsed = ChatRequest.Parse(Encoding.UTF8.GetBytes(Request));
        using var chat = parsed.Request!;
        using var body = new PooledByteBufferWriter(1024);

        new OpenAiAdapter().WriteRequestBody(chat, new UpstreamTarget { ProviderId = "p", Kind = "openai", Model = "upstream" }, body);

        var expected = JsonNode.Parse("""{"model":"upstream","messages":[{"role":"user","name":"ann","content":"hi"}],"max_completion_tokens":100,"logprobs":true}""");
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(body.WrittenSpan), expected), Is.True);
    }

    [TestCase("perplexity", """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{}}}]}""", "tools")]
    [TestCase("perplexity", """{"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}}""", "response_format")]
    [TestCase("groq", """{"model":"m","messages":[{"role":"user","content":"hi"}],"n":3}""", "n")]
    [TestCase("ollama", """{"model":"m","messages":[{"role":"user","content":"hi"}],"n":2}""", "n")]
    [TestCase("deepseek", """{"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}}}""", "response_format")]
    [TestCase("deepseek", """{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}""", "messages")]
    public void Refuses_what_the_preset_cannot_do_naming_the_field(string kind, string request, string param)
    {
        var preset = OpenAiCompatiblePresets.All.Single(p => p.Kind == kind);

        var (_, error) = Write(preset, request);

        RefusalAssert.IsBadRequestNaming(error, param);
    }

    [Test]
    public void Gives_every_preset_a_distinct_kind_and_a_documented_root_except_vllm()
    {
        Assert.That(OpenAiCompatiblePresets.All.Select(p => p.Kind), Is.Unique);
        Assert.That(OpenAiCompatiblePresets.All.Where(p => p.DefaultBaseUrl is null).Select(p => p.Kind), Is.EqualTo(new[] { "vllm" }));
        Assert.That(OpenAiCompatiblePresets.Ollama.DefaultBaseUrl, Is.EqualTo("http://127.0.0.1:11434/v1"));
    }
}
