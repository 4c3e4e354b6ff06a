using System.Buffers;
using Gateway.Transforms.Providers.Bedrock;
using Gateway.Transforms.Usage;
using Gateway.Tests.Transforms.Conformance;

namespace Gateway.Tests.Transforms.Bedrock;

[TestFixture]
public sealed class BedrockResponseConverterTests
{
    [TestCase("text")]
    [TestCase("tool-use")]
    public void Converts_the_answer_to_the_expected_chat_completion(string name)
    {
        var (completion, _) = Convert(BedrockTestRig.ReadBytes("Responses", name + ".converse.json"));

        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse(BedrockTestRig.ReadText("Responses", name + ".openai.json")), completion);
    }

    [Test]
    public void Records_finish_reason_usage_and_generated_bytes_of_a_text_answer()
    {
        var (_, outcome) = Convert(BedrockTestRig.ReadBytes("Responses", "text.converse.json"));

        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(30, 19)));
        Assert.That(outcome.GeneratedBytes, Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount("Rome is the capital of Italy. \"Roma\" in Italian \u2014 caf\u00e9 culture included.")));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
        Assert.That(outcome.ProviderResponseId, Is.Null, "Converse answers carry no id");
    }

    [Test]
    public void Gives_null_content_for_an_answer_without_content_blocks()
    {
        var (completion, outcome) = Convert(BedrockTestRig.ReadBytes("Responses", "empty-content.converse.json"));

        var message = completion["choices"]![0]!["message"]!;
        Assert.That(message.AsObject().ContainsKey("content"), Is.True);
        Assert.That(message["content"], Is.Null);
        Assert.That(message.AsObject().ContainsKey("tool_calls"), Is.False);
        Assert.That(completion["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("length"));
        Assert.That(outcome.GeneratedBytes, Is.Zero);
    }

    [Test]
    public void Counts_cache_reads_and_writes_into_prompt_tokens()
    {
        var (completion, outcome) = Convert(BedrockTestRig.ReadBytes("Responses", "cached-usage.converse.json"));

        // Bedrock's inputTokens (24) excludes the 2048 tokens read from and the 1052 written to the cache.
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(24 + 2048 + 1052, 255, 2048, 1052)));
        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse("""
            {"prompt_tokens":3124,"completion_tokens":255,"total_tokens":3379,
             "prompt_tokens_details":{"cached_tokens":2048,"cache_write_tokens":1052},
             "completion_tokens_details":{"reasoning_tokens":0}}
            """), completion["usage"]);
    }

    [Test]
    public void Returns_reasoning_text_as_reasoning_content()
    {
        var (completion, _) = Convert(BedrockTestRig.ReadBytes("Responses", "reasoning.converse.json"));

        var message = completion["choices"]![0]!["message"]!;
        Assert.That(message["content"]!.GetValue<string>(), Is.EqualTo("391"));
        Assert.That(message["reasoning_content"]!.GetValue<string>(), Is.EqualTo("The user wants 17*23. 17*23 = 391."));
        Assert.That(message["reasoning"]!.GetValue<string>(), Is.EqualTo("The user wants 17*23. 17*23 = 391."));
    }

    [Test]
    public void Returns_the_json_mode_tool_input_as_the_content_with_finish_reason_stop()
    {
        var (completion, outcome) = Convert(BedrockTestRig.ReadBytes("Responses", "json-mode.converse.json"));

        var message = completion["choices"]![0]!["message"]!;
        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse("""{"name":"Ada Lovelace","born":1815}"""), JsonNode.Parse(message["content"]!.GetValue<string>()));
        Assert.That(message.AsObject().ContainsKey("tool_calls"), Is.False);
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
    }

    [Test]
    public void Reports_a_guardrail_intervention_as_content_filter()
    {
        var (completion, _) = Convert(BedrockTestRig.ReadBytes("Responses", "guardrail.converse.json"));

        Assert.That(completion["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("content_filter"));
        Assert.That(completion["choices"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo("Sorry, the model cannot answer this question."));
    }

    [TestCase("end_turn", "stop")]
    [TestCase("stop_sequence", "stop")]
    [TestCase("max_tokens", "length")]
    [TestCase("model_context_window_exceeded", "length")]
    [TestCase("tool_use", "tool_calls")]
    [TestCase("guardrail_intervened", "content_filter")]
    [TestCase("content_filtered", "content_filter")]
    [TestCase("malformed_model_output", "stop")]
    [TestCase("malformed_tool_use", "stop")]
    [TestCase("some_future_reason", "stop")]
    public void Maps_every_stop_reason(string stopReason, string finishReason)
    {
        var toolUse = stopReason == "tool_use" ? """,{"toolUse":{"toolUseId":"t1","name":"f","input":{}}}""" : "";
        var body = """{"output":{"message":{"role":"assistant","content":[{"text":"x"}""" + toolUse + """]}},"stopReason":""" + "\"" + stopReason
            + "\"" + ""","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2},"metrics":{"latencyMs":1}}""";

        var (completion, outcome) = Convert(System.Text.Encoding.UTF8.GetBytes(body));

        Assert.That(completion["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo(finishReason));
        Assert.That(outcome.FinishReason, Is.EqualTo(finishReason));
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("""{"output":{"message":{"content":[{"text":"unterminated""")]
    public void Throws_an_upstream_format_exception_on_a_malformed_answer(string body)
    {
        Assert.Throws<UpstreamFormatException>(() => Convert(System.Text.Encoding.UTF8.GetBytes(body)));
    }

    private static (JsonNode Completion, ResponseOutcome Outcome) Convert(byte[] body)
    {
        var outcome = new ResponseOutcome();
        var output = new ArrayBufferWriter<byte>();
        BedrockResponseConverter.Convert(body, BedrockTestRig.Context(), outcome, output);
        return (BedrockTestRig.ParseJson(output.WrittenSpan), outcome);
    }
}
