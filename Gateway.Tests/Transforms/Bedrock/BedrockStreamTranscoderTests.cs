using System.Buffers;
using Gateway.Transforms.Providers.Bedrock;
using Gateway.Transforms.Usage;
using Gateway.Tests.Transforms.Conformance;

namespace Gateway.Tests.Transforms.Bedrock;

[TestFixture]
public sealed class BedrockStreamTranscoderTests
{
    [Test]
    public void Streams_text_as_role_content_and_finish_chunks()
    {
        var (sse, outcome) = Transcode(Fixture("text"), includeUsage: false);

        AssertChunks(sse, "text");
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(30, 9)));
        Assert.That(outcome.GeneratedBytes, Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount("Rome is the capital — café \"Roma\".")));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
        Assert.That(outcome.StreamError, Is.Null);
    }

    [Test]
    public void Streams_tool_call_arguments_in_fragments()
    {
        var (sse, outcome) = Transcode(Fixture("tool-use"), includeUsage: true);

        AssertChunks(sse, "tool-use");
        Assert.That(outcome.FinishReason, Is.EqualTo("tool_calls"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(375 + 2048, 71, 2048, 0)));
    }

    [Test]
    public void Sends_the_usage_chunk_only_when_the_client_asked_but_always_records_usage()
    {
        var (without, withoutOutcome) = Transcode(Fixture("text"), includeUsage: false);
        var (with, withOutcome) = Transcode(Fixture("text"), includeUsage: true);

        var plain = BedrockTestRig.ParseSse(without);
        var usage = BedrockTestRig.ParseSse(with);
        Assert.That(plain.Chunks.Exists(c => c["usage"] is not null), Is.False);
        Assert.That(usage.Chunks, Has.Count.EqualTo(plain.Chunks.Count + 1));
        var last = usage.Chunks[^1];
        Assert.That(last["choices"]!.AsArray(), Is.Empty);
        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse("""
            {"prompt_tokens":30,"completion_tokens":9,"total_tokens":39,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}
            """), last["usage"]);
        Assert.That(plain.Done && usage.Done, Is.True);
        Assert.That(withoutOutcome.Usage, Is.EqualTo(withOutcome.Usage));
    }

    [TestCase("text")]
    [TestCase("tool-use")]
    [TestCase("json-mode")]
    [TestCase("reasoning")]
    [TestCase("throttled-mid-stream")]
    public void Gives_identical_output_for_the_stream_split_at_every_byte_offset(string name)
    {
        TranscoderRun.AssertSameAtEverySplit(outcome => new BedrockStreamTranscoder(BedrockTestRig.Context(includeUsage: true), outcome), Fixture(name));
    }

    [Test]
    public void Ends_with_an_error_event_when_bedrock_throttles_mid_stream()
    {
        var (sse, outcome) = Transcode(Fixture("throttled-mid-stream"), includeUsage: true);

        var (chunks, done) = BedrockTestRig.ParseSse(sse);
        Assert.That(done, Is.False);
        Assert.That(chunks[1]["choices"]![0]!["delta"]!["content"]!.GetValue<string>(), Is.EqualTo("Once upon"));
        var error = chunks[^1]["error"]!;
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("rate_limit_error"));
        Assert.That(error["message"]!.GetValue<string>(), Is.EqualTo("Too many tokens, please wait before trying again."));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("throttlingException"));
        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(429));
    }

    [TestCase("throttlingException", 429)]
    [TestCase("modelStreamErrorException", 502)]
    [TestCase("internalServerException", 502)]
    [TestCase("serviceUnavailableException", 503)]
    [TestCase("validationException", 400)]
    [TestCase("someNewException", 502)]
    public void Maps_each_stream_exception_to_its_status(string exceptionType, int status)
    {
        byte[] stream =
        [
            .. EventStreamTestEncoder.Event("messageStart", """{"p":"abcdefghijklmnopqrstuvwx","role":"assistant"}"""),
            .. EventStreamTestEncoder.Exception(exceptionType, """{"message":"It went wrong."}"""),
        ];

        var (sse, outcome) = Transcode(stream, includeUsage: false);

        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(status));
        Assert.That(outcome.StreamError.Message, Does.Contain("It went wrong."));
        Assert.That(BedrockTestRig.ParseSse(sse).Chunks[^1]["error"], Is.Not.Null);
    }

    [Test]
    public void Ends_with_a_502_error_when_a_message_checksum_does_not_match()
    {
        var first = EventStreamTestEncoder.Event("messageStart", """{"p":"abcdefghijklmnopqrstuvwx","role":"assistant"}""");
        var second = EventStreamTestEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hello"},"p":"abc"}""");
        second[^8] ^= 0x20;
        byte[] stream = [.. first, .. second, .. EventStreamTestEncoder.Event("messageStop", """{"stopReason":"end_turn"}""")];

        var (sse, outcome) = Transcode(stream, includeUsage: false);

        var (chunks, done) = BedrockTestRig.ParseSse(sse);
        Assert.That(done, Is.False);
        Assert.That(chunks, Has.Count.EqualTo(2), "the role chunk, then the error");
        Assert.That(chunks[1]["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_bad_response"));
        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(502));
    }

    [Test]
    public void Ends_with_a_502_error_when_an_event_payload_is_not_valid_utf8()
    {
        var first = EventStreamTestEncoder.Event("messageStart", """{"p":"abcdefghijklmnopqrstuvwx","role":"assistant"}""");
        byte[] payload = [.. """{"contentBlockIndex":0,"delta":{"text":"Hel"""u8, 0xFF, .. """lo"},"p":"abc"}"""u8];
        var second = EventStreamTestEncoder.Encode(
            [(":event-type", "contentBlockDelta"), (":content-type", "application/json"), (":message-type", "event")], payload);
        byte[] stream = [.. first, .. second, .. EventStreamTestEncoder.Event("messageStop", """{"stopReason":"end_turn"}""")];

        var (sse, outcome) = Transcode(stream, includeUsage: false);

        var (chunks, done) = BedrockTestRig.ParseSse(sse);
        Assert.That(done, Is.False);
        Assert.That(chunks[^1]["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_bad_response"));
        Assert.That(outcome.StreamError!.Message, Does.Contain("UTF-8"));
    }

    [Test]
    public void Ends_with_a_502_error_when_the_stream_stops_inside_a_message()
    {
        var stream = Fixture("text");

        var (sse, outcome) = Transcode(stream[..^10], includeUsage: false);

        Assert.That(BedrockTestRig.ParseSse(sse).Done, Is.False);
        Assert.That(outcome.StreamError!.Code, Is.EqualTo("upstream_stream_truncated"));
    }

    [Test]
    public void Ends_with_a_502_error_when_the_stream_stops_before_the_message_stop_event()
    {
        var stream = EventStreamTestEncoder.EncodeFixture("""
            event messageStart {"p":"abcdefghijklmnopqrstuvwx","role":"assistant"}
            event contentBlockDelta {"contentBlockIndex":0,"delta":{"text":"Half an answ"},"p":"abc"}
            """);

        var (_, outcome) = Transcode(stream, includeUsage: false);

        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(502));
    }

    [Test]
    public void Finishes_normally_when_the_metadata_event_is_missing()
    {
        var stream = EventStreamTestEncoder.EncodeFixture("""
            event messageStart {"p":"abcdefghijklmnopqrstuvwx","role":"assistant"}
            event contentBlockDelta {"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abc"}
            event messageStop {"p":"abcdefgh","stopReason":"max_tokens"}
            """);

        var (sse, outcome) = Transcode(stream, includeUsage: true);

        var (chunks, done) = BedrockTestRig.ParseSse(sse);
        Assert.That(done, Is.True);
        Assert.That(chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("length"));
        Assert.That(outcome.Usage, Is.Null);
        Assert.That(outcome.StreamError, Is.Null);
    }

    [Test]
    public void Streams_the_json_mode_tool_input_as_content()
    {
        var (sse, outcome) = Transcode(Fixture("json-mode"), includeUsage: false);

        var (chunks, done) = BedrockTestRig.ParseSse(sse);
        Assert.That(done, Is.True);
        Assert.That(chunks.Exists(c => c["choices"]![0]!["delta"]!["tool_calls"] is not null), Is.False);
        var content = string.Concat(chunks.ConvertAll(c => c["choices"]![0]!["delta"]!["content"]?.GetValue<string>() ?? ""));
        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse("""{"name":"Ada Lovelace","born":1815}"""), JsonNode.Parse(content));
        Assert.That(chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
    }

    [Test]
    public void Streams_reasoning_before_the_answer()
    {
        var (sse, _) = Transcode(Fixture("reasoning"), includeUsage: false);

        var deltas = BedrockTestRig.ParseSse(sse).Chunks.ConvertAll(c => c["choices"]![0]!["delta"]!);
        Assert.That(deltas[1]["reasoning_content"]!.GetValue<string>(), Is.EqualTo("17*23 = "));
        Assert.That(deltas[2]["reasoning"]!.GetValue<string>(), Is.EqualTo("391."));
        Assert.That(deltas[3]["content"]!.GetValue<string>(), Is.EqualTo("391"));
        Assert.That(deltas, Has.Count.EqualTo(5), "role, two reasoning fragments, the answer, the finish (signature shows nothing)");
    }

    [Test]
    public void Reports_a_guardrail_intervention_as_content_filter()
    {
        var (_, outcome) = Transcode(Fixture("guardrail"), includeUsage: false);

        Assert.That(outcome.FinishReason, Is.EqualTo("content_filter"));
    }

    [Test]
    public void Ends_with_a_502_error_on_a_generic_event_stream_error_message()
    {
        var (_, outcome) = Transcode(BedrockTestRig.ReadBytes("EventStream", "error_message.bin"), includeUsage: false);

        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(502));
        Assert.That(outcome.StreamError.Message, Does.Contain("message"));
    }

    [Test]
    public void Ends_with_a_502_error_when_tool_input_arrives_for_a_block_not_started_as_a_tool_call()
    {
        byte[] stream =
        [
            .. EventStreamTestEncoder.Event("messageStart", """{"role":"assistant"}"""),
            .. EventStreamTestEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hi"}}"""),
            .. EventStreamTestEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":""}}}"""),
        ];

        var (_, outcome) = Transcode(stream, includeUsage: false);

        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(502));
        Assert.That(outcome.StreamError.Message, Does.Contain("not started as a tool call"));
    }

    [Test]
    public void Ignores_input_after_the_stream_has_ended()
    {
        using var transcoder = new BedrockStreamTranscoder(BedrockTestRig.Context(), new ResponseOutcome());
        var output = new ArrayBufferWriter<byte>();
        transcoder.Write(Fixture("text"), output);
        var ended = output.WrittenCount;

        transcoder.Write(Fixture("text"), output);
        transcoder.Complete(output);

        Assert.That(output.WrittenCount, Is.EqualTo(ended));
    }

    [Test]
    public void Says_the_stream_ended_at_its_last_event_before_the_connection_closes()
    {
        var outcome = new ResponseOutcome();
        using var transcoder = new BedrockStreamTranscoder(BedrockTestRig.Context(), outcome);
        var output = new ArrayBufferWriter<byte>();
        var stream = Fixture("text");

        transcoder.Write(stream.AsSpan(0, stream.Length / 2), output);
        var midway = outcome.StreamEnded;
        transcoder.Write(stream.AsSpan(stream.Length / 2), output);

        Assert.That((midway, outcome.StreamEnded), Is.EqualTo((false, true)));
    }

    private static byte[] Fixture(string name) => EventStreamTestEncoder.EncodeFixture(BedrockTestRig.ReadText("Streams", name + ".events"));

    private static void AssertChunks(string sse, string name)
    {
        var (chunks, done) = BedrockTestRig.ParseSse(sse);
        var actual = new JsonArray();
        foreach (var chunk in chunks)
        {
            actual.Add(chunk.DeepClone());
        }
        if (done)
        {
            actual.Add("[DONE]");
        }
        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse(BedrockTestRig.ReadText("Streams", name + ".expected.json")), actual);
    }

    private static (string Sse, ResponseOutcome Outcome) Transcode(byte[] stream, bool includeUsage)
    {
        var outcome = new ResponseOutcome();
        var output = TranscoderRun.Feed(new BedrockStreamTranscoder(BedrockTestRig.Context(includeUsage), outcome), stream);
        return (System.Text.Encoding.UTF8.GetString(output), outcome);
    }
}
