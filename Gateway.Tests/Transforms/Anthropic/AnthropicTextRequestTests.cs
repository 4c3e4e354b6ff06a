using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Anthropic;

[TestFixture]
public sealed class AnthropicTextRequestTests
{
    private static JsonNode Request(string extraFields = "") => JsonNode.Parse(
        $$"""{"model":"claude-sonnet","messages":[{"role":"user","content":"Hi"}]{{extraFields}}}""")!;

    [Test]
    public void Hoists_system_prompts_merges_same_role_turns_and_drops_OpenAI_only_fields() => AssertWritesRecorded("request-text");

    [Test]
    public void Hoists_a_system_message_from_mid_conversation_into_system()
    {
        var body = WriteRequest(JsonNode.Parse("""
            {"model":"m","messages":[
              {"role":"user","content":"One"},
              {"role":"system","content":"Be brief."},
              {"role":"user","content":"Two"}]}
            """)!);

        AssertJsonEqual(JsonNode.Parse("""[{"type":"text","text":"Be brief."}]"""), body["system"]);
        AssertJsonEqual(JsonNode.Parse("""
            [{"role":"user","content":[{"type":"text","text":"One"},{"type":"text","text":"Two"}]}]
            """), body["messages"]);
    }

    [Test]
    public void Uses_the_target_default_max_tokens_when_the_client_sets_none()
    {
        var (body, _) = WriteRequest(Request().ToJsonString(), Target(defaultMaxTokens: 8192));

        Assert.That(body!["max_tokens"]!.GetValue<int>(), Is.EqualTo(8192));
    }

    [Test]
    public void Falls_back_to_4096_max_tokens_without_client_or_target_value()
    {
        var body = WriteRequest(Request());

        Assert.That(body["max_tokens"]!.GetValue<int>(), Is.EqualTo(4096));
    }

    [TestCase(",\"max_tokens\":300", 300)]
    [TestCase(",\"max_completion_tokens\":700", 700)]
    [TestCase(",\"max_tokens\":300,\"max_completion_tokens\":700", 700)]
    public void Takes_max_tokens_from_the_client(string fields, int expected)
    {
        var (body, _) = WriteRequest(Request(fields).ToJsonString(), Target(defaultMaxTokens: 8192));

        Assert.That(body!["max_tokens"]!.GetValue<int>(), Is.EqualTo(expected));
    }

    [TestCase(0.0, 0.0)]
    [TestCase(0.35, 0.35)]
    [TestCase(1.0, 1.0)]
    [TestCase(1.5, 1.0)]
    [TestCase(2.0, 1.0)]
    public void Clamps_temperature_to_Anthropic_range(double temperature, double expected)
    {
        var body = WriteRequest(Request(",\"temperature\":" + temperature.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.That(body["temperature"]!.GetValue<double>(), Is.EqualTo(expected));
    }

    [Test]
    public void Passes_top_p_alone()
    {
        var body = WriteRequest(Request(",\"top_p\":0.9"));

        Assert.That(body["top_p"]!.GetValue<double>(), Is.EqualTo(0.9));
        Assert.That(body.AsObject().ContainsKey("temperature"), Is.False);
    }

    [Test]
    public void Sends_temperature_but_not_top_p_when_both_are_set()
    {
        var body = WriteRequest(Request(",\"temperature\":0.2,\"top_p\":0.9"));

        Assert.That(body["temperature"]!.GetValue<double>(), Is.EqualTo(0.2));
        Assert.That(body.AsObject().ContainsKey("top_p"), Is.False);
    }

    [TestCase(",\"stop\":\"END\"", "[\"END\"]")]
    [TestCase(",\"stop\":[\"END\",\"\\n\\nUser:\"]", "[\"END\",\"\\n\\nUser:\"]")]
    [TestCase(",\"stop\":[\"\",\"END\"]", "[\"END\"]")]
    public void Maps_stop_to_stop_sequences(string fields, string expected)
    {
        var body = WriteRequest(Request(fields));

        AssertJsonEqual(JsonNode.Parse(expected), body["stop_sequences"]);
    }

    [TestCase(",\"stop\":null")]
    [TestCase(",\"stop\":\"\"")]
    [TestCase(",\"stop\":[]")]
    public void Omits_empty_stop_sequences(string fields)
    {
        var body = WriteRequest(Request(fields));

        Assert.That(body.AsObject().ContainsKey("stop_sequences"), Is.False);
    }

    [Test]
    public void Maps_user_to_metadata_user_id()
    {
        var body = WriteRequest(Request(",\"user\":\"u-123\""));

        AssertJsonEqual(JsonNode.Parse("""{"user_id":"u-123"}"""), body["metadata"]);
    }

    [Test]
    public void Sends_stream_only_when_streaming()
    {
        Assert.That(WriteRequest(Request(",\"stream\":true"))["stream"]!.GetValue<bool>(), Is.True);
        Assert.That(WriteRequest(Request(",\"stream\":false")).AsObject().ContainsKey("stream"), Is.False);
    }

    [Test]
    public void Writes_only_fields_Anthropic_knows()
    {
        var body = WriteRequest(Fixture("request-text.openai.json"));

        var allowed = new[] { "model", "max_tokens", "system", "messages", "tools", "tool_choice", "stop_sequences", "temperature", "top_p", "metadata", "stream" };
        foreach (var property in body.AsObject())
        {
            Assert.That(allowed, Does.Contain(property.Key));
        }
    }

    [Test]
    public void Rejects_n_greater_than_one_naming_the_parameter()
    {
        var error = Refusal(Request(",\"n\":2").ToJsonString());

        Assert.That(error.Param, Is.EqualTo("n"));
        Assert.That(Adapter.Capabilities.HasFlag(Gateway.Transforms.Adapters.ProviderCapabilities.MultipleChoices), Is.False);
    }

    [Test]
    public void Accepts_n_of_one()
    {
        var body = WriteRequest(Request(",\"n\":1"));

        Assert.That(body.AsObject().ContainsKey("n"), Is.False);
    }

    [Test]
    public void Rejects_audio_parts_naming_the_part()
    {
        var error = Refusal("""
            {"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}
            """);

        Assert.That(error.Param, Is.EqualTo("messages[0].content[0].type"));
    }
}
