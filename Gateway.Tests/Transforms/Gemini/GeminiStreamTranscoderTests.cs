using Gateway.Transforms.Usage;
using static Gateway.Tests.Transforms.Gemini.GeminiFixtures;

namespace Gateway.Tests.Transforms.Gemini;

[TestFixture]
public sealed class GeminiStreamTranscoderTests
{
    private static readonly string[] Streams =
    [
        "stream_text", "stream_thoughts", "stream_tool_call", "stream_candidates", "stream_blocked", "stream_safety", "stream_error",
    ];

    [TestCaseSource(nameof(Streams))]
    public void Converts_a_stream_to_openai_chunks(string fixture)
    {
        var output = GeminiStreamRunner.Run(Bytes(fixture + ".sse"));

        AssertEventsEqual(ExpectedEvents(fixture + ".expected.sse"), JsonEvents(output));
    }

    [TestCaseSource(nameof(Streams))]
    public void Gives_identical_output_for_a_stream_split_at_every_byte_offset(string fixture)
    {
        TranscoderRun.AssertSameAtEverySplit(outcome => GeminiStreamRunner.Create(outcome), Bytes(fixture + ".sse"));
    }

    [Test]
    public void Gives_identical_output_when_fed_one_byte_at_a_time()
    {
        var upstream = Bytes("stream_tool_call.sse");

        var output = TranscoderRun.Feed(GeminiStreamRunner.Create(new ResponseOutcome()), TranscoderRun.OneByteAtATime(upstream));

        Assert.That(Encoding.UTF8.GetString(output), Is.EqualTo(GeminiStreamRunner.Run(upstream)));
    }

    [Test]
    public void Reads_events_framed_with_bare_line_feeds_like_crlf_ones()
    {
        var crlf = Bytes("stream_tool_call.sse");
        var lf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(crlf).Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.That(GeminiStreamRunner.Run(lf), Is.EqualTo(GeminiStreamRunner.Run(crlf)));
    }

    [Test]
    public void Sends_the_usage_chunk_only_when_the_client_asked_for_it()
    {
        var outcome = new ResponseOutcome();

        var output = GeminiStreamRunner.Run(Bytes("stream_text.sse"), outcome, includeUsage: false);

        AssertEventsEqual(ExpectedEvents("stream_text.expected.sse", includeUsage: false), JsonEvents(output));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(9, 26, 0, 0, 14)));
    }

    [Test]
    public void Takes_usage_from_the_last_usage_metadata_and_records_the_outcome()
    {
        var outcome = new ResponseOutcome();

        GeminiStreamRunner.Run(Bytes("stream_thoughts.sse"), outcome);

        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(PromptTokens: 4210, CompletionTokens: 130, CachedReadTokens: 4096, ReasoningTokens: 118)));
        Assert.That(outcome.ProviderResponseId, Is.EqualTo("8cwfaJ2nOfWe1MkP6taWyQ4"));
        Assert.That(outcome.ProviderModel, Is.EqualTo("gemini-2.5-pro"));
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
        Assert.That(outcome.GeneratedBytes, Is.EqualTo(Encoding.UTF8.GetByteCount(
            "**Reading the clause**\n\nSection 4 is about liability.Section 4 caps liability at the fees paid.")));
    }

    [Test]
    public void Streams_whole_function_calls_as_one_arguments_fragment_each()
    {
        var outcome = new ResponseOutcome();

        var events = Events(GeminiStreamRunner.Run(Bytes("stream_tool_call.sse"), outcome));

        Assert.That(events.Count(e => e.Contains("\"arguments\":\"{", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(outcome.FinishReason, Is.EqualTo("tool_calls"));
    }

    [Test]
    public void Reports_an_error_event_in_the_stream_and_stops()
    {
        var outcome = new ResponseOutcome();

        var events = Events(GeminiStreamRunner.Run(Bytes("stream_error.sse"), outcome));

        Assert.That(events[^1], Does.Contain("\"error\":{").And.Contain("\"finish_reason\":\"error\""));
        Assert.That(events, Has.None.EqualTo("[DONE]"));
        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(503));
    }

    [Test]
    public void Closes_an_unfinished_choice_when_the_stream_ends_without_a_finish_reason()
    {
        var upstream = Encoding.UTF8.GetBytes(
            "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 3,\"candidatesTokenCount\": 1,\"totalTokenCount\": 4},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"r1\"}\r\n\r\n");

        var events = Events(GeminiStreamRunner.Run(upstream));

        Assert.That(events[^3], Does.Contain("\"finish_reason\":\"stop\""));
        Assert.That(events[^2], Does.Contain("\"prompt_tokens\":3"));
        Assert.That(events[^1], Is.EqualTo("[DONE]"));
    }

    [Test]
    public void Fails_a_stream_that_ends_without_any_event()
    {
        var outcome = new ResponseOutcome();

        var events = Events(GeminiStreamRunner.Run(Encoding.UTF8.GetBytes(": keep-alive\r\n\r\n"), outcome));

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0], Does.Contain("upstream_empty_stream"));
        Assert.That(outcome.StreamError, Is.Not.Null);
    }

    [Test]
    public void Fails_on_a_malformed_event()
    {
        var events = Events(GeminiStreamRunner.Run(Encoding.UTF8.GetBytes("data: {\"candidates\": [{\"content\"\r\n\r\n")));

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0], Does.Contain("upstream_bad_response"));
    }
}
