using static Gateway.Tests.Transforms.Gemini.GeminiFixtures;

namespace Gateway.Tests.Transforms.Gemini;

[TestFixture]
public sealed class GeminiFinishReasonTests
{
    [TestCase("STOP", "stop")]
    [TestCase("MAX_TOKENS", "length")]
    [TestCase("SAFETY", "content_filter")]
    [TestCase("RECITATION", "content_filter")]
    [TestCase("BLOCKLIST", "content_filter")]
    [TestCase("PROHIBITED_CONTENT", "content_filter")]
    [TestCase("SPII", "content_filter")]
    [TestCase("IMAGE_SAFETY", "content_filter")]
    [TestCase("IMAGE_PROHIBITED_CONTENT", "content_filter")]
    [TestCase("IMAGE_RECITATION", "content_filter")]
    [TestCase("LANGUAGE", "stop")]
    [TestCase("OTHER", "stop")]
    [TestCase("MALFORMED_FUNCTION_CALL", "stop")]
    [TestCase("UNEXPECTED_TOOL_CALL", "stop")]
    [TestCase("FINISH_REASON_UNSPECIFIED", "stop")]
    [TestCase("A_REASON_ADDED_LATER", "stop")]
    public void Maps_every_finish_reason_in_whole_answers_and_streams(string geminiReason, string expected)
    {
        var body = Text("response_finish_reason.json").Replace("__REASON__", geminiReason, StringComparison.Ordinal);

        var converted = GeminiResponseConverterTests.Convert(Encoding.UTF8.GetBytes(body), new ResponseOutcome());
        var streamOutcome = new ResponseOutcome();
        var streamed = Events(GeminiStreamRunner.Run(Encoding.UTF8.GetBytes("data: " + body.ReplaceLineEndings(" ") + "\r\n\r\n"), streamOutcome));

        Assert.That(converted["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo(expected));
        Assert.That(streamed, Has.Some.Contains($"\"finish_reason\":\"{expected}\""));
        Assert.That(streamOutcome.FinishReason, Is.EqualTo(expected));
    }

    [Test]
    public void Maps_stop_after_a_function_call_to_tool_calls()
    {
        var outcome = new ResponseOutcome();

        var converted = GeminiResponseConverterTests.Convert(Bytes("response_tool_call.json"), outcome);

        Assert.That(converted["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("tool_calls"));
        Assert.That(outcome.FinishReason, Is.EqualTo("tool_calls"));
    }
}
