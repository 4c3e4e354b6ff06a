using Gateway.Transforms.Usage;
using static Gateway.Tests.Transforms.Cohere.CohereTestSupport;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Cohere;

[TestFixture]
public sealed class CohereResponseConverterTests
{
    [Test]
    public void Converts_a_text_answer()
    {
        var outcome = new ResponseOutcome();
        AssertJsonEqual(Json("Responses/text.openai.json"), Convert(Bytes("Responses/text.json"), outcome));
        Assert.That(outcome.ProviderResponseId, Is.EqualTo("c14c80c3-18eb-4519-9460-6c92edd8cfb4"));
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(71, 418)));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
        Assert.That(outcome.GeneratedBytes, Is.GreaterThan(2000));
    }

    [Test]
    public void Converts_a_tool_call_answer_with_thinking_as_reasoning()
    {
        var outcome = new ResponseOutcome();
        AssertJsonEqual(Json("Responses/tool-call.openai.json"), Convert(Bytes("Responses/tool-call.json"), outcome));
        Assert.That(outcome.FinishReason, Is.EqualTo("tool_calls"));
    }

    [Test]
    public void Converts_the_tool_plan_to_reasoning_and_keeps_tool_call_ids()
    {
        AssertJsonEqual(Json("Responses/tool-plan.openai.json"), Convert(Bytes("Responses/tool-plan.json"), new ResponseOutcome()));
    }

    [Test]
    public void Converts_an_empty_answer_to_empty_string_content()
    {
        AssertJsonEqual(Json("Responses/empty-content.openai.json"), Convert(Bytes("Responses/empty-content.json"), new ResponseOutcome()));
    }

    [Test]
    public void Ignores_citations()
    {
        var converted = Convert(Bytes("Responses/citations.json"), new ResponseOutcome());
        var message = converted["choices"]![0]!["message"]!.AsObject();
        Assert.That(message.Select(p => p.Key), Is.EquivalentTo(new[] { "role", "content" }));
        Assert.That(message["content"]!.GetValue<string>(), Does.StartWith("Both NSync and Backstreet Boys"));
    }

    [Test]
    public void Reports_cached_tokens_inside_prompt_tokens()
    {
        var outcome = new ResponseOutcome();
        AssertJsonEqual(Json("Responses/cached-usage.openai.json"), Convert(Bytes("Responses/cached-usage.json"), outcome));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(793, 9, CachedReadTokens: 512)));
    }

    [Test]
    public void Falls_back_to_billed_units_when_tokens_are_missing()
    {
        var outcome = new ResponseOutcome();
        Convert(Encoding.UTF8.GetBytes("""
            {"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"ok"}]},
             "usage":{"billed_units":{"input_tokens":5.0,"output_tokens":1.0}}}
            """), outcome);
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(5, 1)));
    }

    [TestCase("COMPLETE", "stop")]
    [TestCase("STOP_SEQUENCE", "stop")]
    [TestCase("MAX_TOKENS", "length")]
    [TestCase("TOOL_CALL", "tool_calls")]
    [TestCase("TIMEOUT", "length")]
    [TestCase("ERROR_LIMIT", "length")]
    [TestCase("ERROR_TOXIC", "content_filter")]
    [TestCase("content_blocked", "content_filter")]
    [TestCase("complete", "stop")]
    [TestCase("SOMETHING_NEW", "stop")]
    public void Maps_every_finish_reason(string cohere, string openAi)
    {
        var outcome = new ResponseOutcome();
        var converted = Convert(WithFinishReason(cohere), outcome);
        Assert.That(converted["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo(openAi));
        Assert.That(outcome.FinishReason, Is.EqualTo(openAi));
    }

    [Test]
    public void Reports_tool_calls_as_the_finish_reason_whenever_tools_were_called()
    {
        var body = Json("Responses/tool-call.json");
        body["finish_reason"] = "COMPLETE";
        var converted = Convert(Encoding.UTF8.GetBytes(body.ToJsonString()), new ResponseOutcome());
        Assert.That(converted["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("tool_calls"));
    }

    [Test]
    public void Turns_a_failed_generation_into_an_upstream_error_after_recording_usage()
    {
        var outcome = new ResponseOutcome();
        var thrown = Assert.Throws<UpstreamGenerationException>(() => Convert(Bytes("Responses/error.json"), outcome));
        Assert.That(thrown!.Error.StatusCode, Is.EqualTo(502));
        Assert.That(thrown.Error.Type, Is.EqualTo("upstream_error"));
        Assert.That(thrown.Error.Message, Does.Contain("cohere"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(71, 0)));
        Assert.That(outcome.ProviderResponseId, Is.EqualTo("7c2d9f10-3e4b-4a5c-8d6e-9f0a1b2c3d4e"));
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("""{"id":"x","finish_reason":"COMPLETE"}""")]
    [TestCase("""{"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"cut""")]
    [TestCase("""{"id":"x","finish_reason":"TOOL_CALL","message":{"role":"assistant","tool_calls":[{"type":"function","function":{"arguments":"{}"}}]}}""")]
    public void Rejects_a_malformed_answer(string body)
    {
        Assert.Throws<UpstreamFormatException>(() => Convert(Encoding.UTF8.GetBytes(body), new ResponseOutcome()));
    }

    [Test]
    public void Keeps_escapes_and_non_ascii_text_intact()
    {
        var converted = Convert(Encoding.UTF8.GetBytes("""
            {"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[
             {"type":"text","text":"Caf\u00e9 \"quoted\"\n"},{"type":"text","text":"日本語"}]}}
            """), new ResponseOutcome());
        Assert.That(converted["choices"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo("Café \"quoted\"\n日本語"));
        Assert.That(converted.AsObject().ContainsKey("usage"), Is.False, "no usage is invented when Cohere sent none");
    }

    private static byte[] WithFinishReason(string finishReason)
    {
        var body = Json("Responses/text.json");
        body["finish_reason"] = finishReason;
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }
}
