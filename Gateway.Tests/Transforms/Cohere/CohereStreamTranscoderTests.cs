using Gateway.Transforms.Errors;
using Gateway.Transforms.Usage;
using static Gateway.Tests.Transforms.Cohere.CohereTestSupport;

namespace Gateway.Tests.Transforms.Cohere;

[TestFixture]
public sealed class CohereStreamTranscoderTests
{
    [Test]
    public void Streams_text_with_finish_usage_and_done()
    {
        var outcome = new ResponseOutcome();
        var output = Transcode(Bytes("Streams/text.sse"), outcome);
        AssertEventsEqual(Events(Text("Streams/text.openai.sse")), Events(output));
        Assert.That(outcome.ProviderResponseId, Is.EqualTo("29f14a5a-11de-4cae-9800-25e4747408ea"));
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(71, 26)));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
        Assert.That(outcome.GeneratedBytes, Is.EqualTo(Encoding.UTF8.GetByteCount(
            "LLMs stand for Large Language Models, which are a type of neural network model specialized in processing and generating human language.")));
        Assert.That(outcome.StreamError, Is.Null);
    }

    [Test]
    public void Streams_tool_call_arguments_in_fragments_after_the_tool_plan()
    {
        var outcome = new ResponseOutcome();
        var output = Transcode(Bytes("Streams/tools.sse"), outcome);
        AssertEventsEqual(Events(Text("Streams/tools.openai.sse")), Events(output));
        Assert.That(outcome.FinishReason, Is.EqualTo("tool_calls"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(1589, 135)));
        Assert.That(ToolArguments(Events(output)), Is.EqualTo(new[] { "{\"day\": \"2023-09-29\"}", "{\"category\": \"Electronics\"}" }));
    }

    [Test]
    public void Streams_thinking_as_reasoning_and_reports_cached_tokens()
    {
        var outcome = new ResponseOutcome();
        var output = Transcode(Bytes("Streams/thinking.sse"), outcome);
        AssertEventsEqual(Events(Text("Streams/thinking.openai.sse")), Events(output));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(1024, 19, CachedReadTokens: 256)));
    }

    [Test]
    public void Ignores_citation_events()
    {
        var output = Transcode(Bytes("Streams/citations.sse"), new ResponseOutcome());
        AssertEventsEqual(Events(Text("Streams/citations.openai.sse")), Events(output));
    }

    [Test]
    public void Sends_the_usage_chunk_only_when_include_usage_was_asked()
    {
        var outcome = new ResponseOutcome();
        var output = Transcode(Bytes("Streams/text.sse"), outcome, includeUsage: false);
        var expected = Events(Text("Streams/text.openai.sse"))
            .Where(e => e is not JsonObject o || o["choices"]!.AsArray().Count > 0).ToList();
        AssertEventsEqual(expected, Events(output));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(71, 26)), "usage is recorded either way");
    }

    [TestCase("Streams/text.sse")]
    [TestCase("Streams/tools.sse")]
    [TestCase("Streams/thinking.sse")]
    [TestCase("Streams/citations.sse")]
    public void Gives_identical_output_when_split_at_every_byte_offset(string fixture)
    {
        TranscoderRun.AssertSameAtEverySplit(outcome => Transcoder(outcome), Bytes(fixture));
    }

    [Test]
    public void Reports_a_failed_generation_as_an_in_stream_error_after_the_text_so_far()
    {
        var outcome = new ResponseOutcome();
        var events = Events(Transcode(Bytes("Streams/error.sse"), outcome));
        Assert.That(events.Select(e => Choice(e)?["delta"]?["content"]?.GetValue<string>()).OfType<string>(),
            Is.EqualTo(new[] { "", "LL", "Ms", "" }), "the error chunk carries an empty delta");
        var last = events[^1];
        Assert.That(last["error"]!["type"]!.GetValue<string>(), Is.EqualTo("upstream_error"));
        Assert.That(last["error"]!["message"]!.GetValue<string>(), Does.Contain("internal server error, this has been reported to our developers"));
        Assert.That(events.Any(e => e.GetValueKind() == System.Text.Json.JsonValueKind.String), Is.False, "no [DONE] after an error");
        Assert.That(outcome.StreamError?.StatusCode, Is.EqualTo(502));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(71, 2)));
    }

    [TestCase("ERROR_TOXIC")]
    [TestCase("content_blocked")]
    public void Finishes_a_safety_block_with_content_filter(string finishReason)
    {
        var stream = Text("Streams/text.sse").Replace("\"finish_reason\":\"COMPLETE\"", $"\"finish_reason\":\"{finishReason}\"", StringComparison.Ordinal);
        var outcome = new ResponseOutcome();
        var events = Events(Transcode(Encoding.UTF8.GetBytes(stream), outcome));
        Assert.That(events.Count(e => Choice(e)?["finish_reason"]?.GetValue<string>() == "content_filter"), Is.EqualTo(1));
        Assert.That(outcome.FinishReason, Is.EqualTo("content_filter"));
    }

    [Test]
    public void Reports_a_stream_cut_before_message_end_as_an_error_not_a_clean_end()
    {
        var full = Text("Streams/text.sse");
        var cut = full[..full.IndexOf("event: message-end", StringComparison.Ordinal)];
        var outcome = new ResponseOutcome();
        var events = Events(Transcode(Encoding.UTF8.GetBytes(cut), outcome));
        Assert.That(events[^1]["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_stream_truncated"));
        Assert.That(outcome.StreamError, Is.Not.Null);
        Assert.That(outcome.FinishReason, Is.Null);
    }

    [Test]
    public void Reports_a_malformed_event_as_an_in_stream_error()
    {
        var outcome = new ResponseOutcome();
        var events = Events(Transcode("event: content-delta\ndata: {\"type\":\"content-delta\",\"delta\":\n\n"u8.ToArray(), outcome));
        Assert.That(events[^1]["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_bad_response"));
    }

    [Test]
    public void Uses_the_json_type_when_the_event_field_is_missing()
    {
        var stream = Text("Streams/text.sse")
            .Split('\n').Where(line => !line.StartsWith("event:", StringComparison.Ordinal));
        var output = Transcode(Encoding.UTF8.GetBytes(string.Join('\n', stream)), new ResponseOutcome());
        AssertEventsEqual(Events(Text("Streams/text.openai.sse")), Events(output));
    }

    [Test]
    public void Writes_the_error_the_gateway_gives_when_reading_fails()
    {
        var outcome = new ResponseOutcome();
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using var transcoder = Transcoder(outcome);
        var bytes = Bytes("Streams/text.sse");
        transcoder.Write(bytes.AsSpan(0, bytes.Length / 2), output);
        var timeout = new GatewayError(504, GatewayErrorTypes.Timeout, "Provider 'cohere' stopped sending.", "upstream_timeout");
        transcoder.Fail(timeout, output);
        transcoder.Write(bytes.AsSpan(bytes.Length / 2), output);
        transcoder.Complete(output);
        var events = Events(Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.That(events[^1]["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_timeout"));
        Assert.That(outcome.StreamError, Is.EqualTo(timeout));
    }

    private static string[] ToolArguments(List<JsonNode> events)
    {
        var arguments = new List<StringBuilder>();
        foreach (var call in events.Select(e => Choice(e)?["delta"]?["tool_calls"]?[0]).OfType<JsonNode>())
        {
            var index = call["index"]!.GetValue<int>();
            if (index == arguments.Count)
            {
                arguments.Add(new StringBuilder());
            }
            arguments[index].Append(call["function"]!["arguments"]!.GetValue<string>());
        }
        return arguments.Select(a => a.ToString()).ToArray();
    }
}
