using System.Buffers;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Providers.Gemini;
using Gateway.Transforms.Usage;
using static Gateway.Tests.Transforms.Gemini.GeminiFixtures;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Gemini;

[TestFixture]
public sealed class GeminiResponseConverterTests
{
    [TestCase("response_text")]
    [TestCase("response_tool_call")]
    [TestCase("response_empty")]
    [TestCase("response_blocked_prompt")]
    [TestCase("response_safety")]
    [TestCase("response_thoughts_cached")]
    [TestCase("response_candidates")]
    public void Converts_a_whole_answer_to_a_chat_completion(string fixture)
    {
        var converted = Convert(Bytes(fixture + ".json"), new ResponseOutcome());

        AssertJsonEqual(JsonNode.Parse(Text(fixture + ".openai.json")), converted);
    }

    [Test]
    public void Records_usage_ids_model_and_finish_reason_for_a_text_answer()
    {
        var outcome = new ResponseOutcome();

        Convert(Bytes("response_text.json"), outcome);

        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(12, 35, 0, 0, 24)));
        Assert.That(outcome.ProviderResponseId, Is.EqualTo("AdVRaMmDCYekqtsPrb_-iAw"));
        Assert.That(outcome.ProviderModel, Is.EqualTo("gemini-2.5-flash"));
        Assert.That(outcome.FinishReason, Is.EqualTo(FinishReasons.Stop));
        Assert.That(outcome.GeneratedBytes, Is.EqualTo(Encoding.UTF8.GetByteCount("Bonjour ! 2 + 2 = 4.\n\"Quatre\".")));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
    }

    [Test]
    public void Counts_cached_prompt_tokens_and_thoughts_as_reasoning()
    {
        var outcome = new ResponseOutcome();

        Convert(Bytes("response_thoughts_cached.json"), outcome);

        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(PromptTokens: 4210, CompletionTokens: 130, CachedReadTokens: 4096, ReasoningTokens: 118)));
        Assert.That(outcome.ProviderModel, Is.EqualTo("gemini-2.5-pro"));
    }

    [Test]
    public void Reports_the_first_choices_finish_reason_for_several_candidates()
    {
        var outcome = new ResponseOutcome();

        Convert(Bytes("response_candidates.json"), outcome);

        Assert.That(outcome.FinishReason, Is.EqualTo(FinishReasons.Stop));
    }

    [Test]
    public void Reports_a_blocked_prompt_as_content_filter()
    {
        var outcome = new ResponseOutcome();

        Convert(Bytes("response_blocked_prompt.json"), outcome);

        Assert.That(outcome.FinishReason, Is.EqualTo(FinishReasons.ContentFilter));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(18, 0)));
    }

    [TestCase("{\"candidates\": [")]
    [TestCase("[]")]
    [TestCase("not json")]
    public void Throws_an_upstream_format_exception_for_a_malformed_answer(string body)
    {
        Assert.Throws<UpstreamFormatException>(() => Convert(Encoding.UTF8.GetBytes(body), new ResponseOutcome()));
    }

    internal static JsonNode Convert(byte[] body, ResponseOutcome outcome)
    {
        var output = new ArrayBufferWriter<byte>();
        new GeminiAdapter().ConvertResponse(body, Context(), outcome, output);
        return JsonNode.Parse(output.WrittenSpan)!;
    }
}
