using Gateway.Transforms.Usage;
using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Anthropic;

[TestFixture]
public sealed class AnthropicResponseConverterTests
{
    private static JsonNode Message(JsonNode completion) => completion["choices"]![0]!["message"]!;

    private static string? FinishReason(JsonNode completion) => completion["choices"]![0]!["finish_reason"]!.GetValue<string>();

    [Test]
    public void Converts_a_text_answer()
    {
        var outcome = new ResponseOutcome();

        var completion = Convert(FixtureBytes("response-text.json"), outcome);

        AssertJsonEqual(Fixture("response-text.expected.json"), completion);
        Assert.That(outcome.ProviderResponseId, Is.EqualTo("msg_013Zva2CMHLNnXjNJJKqJ2EF"));
        Assert.That(outcome.ProviderModel, Is.EqualTo("claude-sonnet-4-5-20250929"));
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(2095, 503)));
        Assert.That(outcome.GeneratedBytes, Is.EqualTo(Encoding.UTF8.GetByteCount("Hi! My name is Claude.")));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
    }

    [Test]
    public void Converts_a_tool_call_answer_keeping_the_id()
    {
        var completion = Convert(FixtureBytes("response-tool-use.json"), new ResponseOutcome());

        AssertJsonEqual(Fixture("response-tool-use.expected.json"), completion);
    }

    [Test]
    public void Leaves_content_null_when_the_answer_is_only_tool_calls()
    {
        var completion = Convert(FixtureBytes("response-tool-use-only.json"), new ResponseOutcome());

        var message = Message(completion);
        Assert.That(message["content"], Is.Null);
        Assert.That(message.AsObject().ContainsKey("content"), Is.True);
        AssertJsonEqual(JsonNode.Parse("""
            [{"id":"toolu_01D7FLrfh4GYq7yT1ULFeyMV","type":"function","function":{"name":"get_stock_price","arguments":"{\"ticker\":\"^GSPC\"}"}},
             {"id":"toolu_01QZ3g3kq5zKEMrmEFLS7Hkp","type":"function","function":{"name":"get_time","arguments":"{}"}}]
            """), message["tool_calls"]);
        Assert.That(FinishReason(completion), Is.EqualTo("tool_calls"));
    }

    [Test]
    public void Answers_an_empty_content_array_with_empty_content()
    {
        var completion = Convert(FixtureBytes("response-empty-content.json"), new ResponseOutcome());

        AssertJsonEqual(JsonNode.Parse("""{"role":"assistant","content":""}"""), Message(completion));
        Assert.That(FinishReason(completion), Is.EqualTo("stop"));
    }

    [TestCase("end_turn", "stop")]
    [TestCase("stop_sequence", "stop")]
    [TestCase("pause_turn", "stop")]
    [TestCase("max_tokens", "length")]
    [TestCase("model_context_window_exceeded", "length")]
    [TestCase("tool_use", "tool_calls")]
    [TestCase("refusal", "content_filter")]
    [TestCase("a_reason_from_the_future", "stop")]
    public void Maps_every_stop_reason(string stopReason, string finishReason)
    {
        var fixture = stopReason == "tool_use" ? "response-tool-use.json" : "response-text.json";
        var upstream = Fixture(fixture);
        upstream["stop_reason"] = stopReason;
        var outcome = new ResponseOutcome();

        var completion = Convert(Encoding.UTF8.GetBytes(upstream.ToJsonString()), outcome);

        Assert.That(FinishReason(completion), Is.EqualTo(finishReason));
        Assert.That(outcome.FinishReason, Is.EqualTo(finishReason));
    }

    [Test]
    public void Reports_a_refusal_as_content_filter()
    {
        var completion = Convert(FixtureBytes("response-refusal.json"), new ResponseOutcome());

        Assert.That(FinishReason(completion), Is.EqualTo("content_filter"));
        Assert.That(Message(completion)["content"]!.GetValue<string>(), Is.Empty);
    }

    [Test]
    public void Counts_cached_reads_and_cache_writes_as_prompt_tokens()
    {
        var outcome = new ResponseOutcome();

        var completion = Convert(FixtureBytes("response-cached-usage.json"), outcome);

        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(21 + 188 + 187354, 393, CachedReadTokens: 187354, CacheWriteTokens: 188)));
        AssertJsonEqual(JsonNode.Parse("""
            {"prompt_tokens":187563,"completion_tokens":393,"total_tokens":187956,
             "prompt_tokens_details":{"cached_tokens":187354,"cache_write_tokens":188},
             "completion_tokens_details":{"reasoning_tokens":0}}
            """), completion["usage"]);
    }

    [Test]
    public void Returns_thinking_as_reasoning_content()
    {
        var outcome = new ResponseOutcome();

        var completion = Convert(FixtureBytes("response-thinking.json"), outcome);

        var message = Message(completion);
        Assert.That(message["content"]!.GetValue<string>(), Is.EqualTo("Yes, there are infinitely many prime numbers such that..."));
        Assert.That(message["reasoning_content"]!.GetValue<string>(), Is.EqualTo("To approach this, let's think about what we know about prime numbers..."));
        Assert.That(outcome.Usage!.Value.ReasoningTokens, Is.EqualTo(301));
    }

    [Test]
    public void Turns_the_answer_tool_input_into_message_content()
    {
        var completion = Convert(FixtureBytes("response-json-answer.json"), new ResponseOutcome());

        var message = Message(completion);
        Assert.That(message.AsObject().ContainsKey("tool_calls"), Is.False);
        AssertJsonEqual(
            JsonNode.Parse("""{"city":"Paris","temperature_c":18,"conditions":["cloudy","light rain"]}"""),
            JsonNode.Parse(message["content"]!.GetValue<string>()));
        Assert.That(FinishReason(completion), Is.EqualTo("stop"));
    }

    [Test]
    public void Skips_blocks_it_has_no_OpenAI_form_for()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[
              {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"},
              {"type":"server_tool_use","id":"srvtoolu_014hJH82Qum7Td6UV8gDXThB","name":"web_search","input":{"query":"weather"}},
              {"type":{"unexpected":true},"text":"ignored"},
              {"type":"text","text":"Sunny."}],
             "stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":3}}
            """);

        var completion = Convert(body, new ResponseOutcome());

        AssertJsonEqual(JsonNode.Parse("""{"role":"assistant","content":"Sunny."}"""), Message(completion));
    }

    [TestCase("not json at all")]
    [TestCase("[1,2,3]")]
    [TestCase("{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"text\":\"cut")]
    public void Throws_UpstreamFormatException_on_a_malformed_answer(string body)
    {
        Assert.Throws<UpstreamFormatException>(() => Convert(Encoding.UTF8.GetBytes(body), new ResponseOutcome()));
    }
}
