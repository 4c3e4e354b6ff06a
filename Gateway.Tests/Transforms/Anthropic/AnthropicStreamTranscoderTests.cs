using System.Buffers;
using Gateway.Transforms.Usage;
using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Anthropic;

[TestFixture]
public sealed class AnthropicStreamTranscoderTests
{
    private static List<JsonNode> Run(string fixture, bool includeUsage, ResponseOutcome? outcome = null) =>
        Events(Transcode(FixtureBytes(fixture), Context(includeUsage), outcome ?? new ResponseOutcome()));

    private static JsonNode? Delta(JsonNode chunk) => chunk["choices"]![0]!["delta"];

    [Test]
    public void Streams_text_with_the_role_first_then_finish_usage_and_done()
    {
        var outcome = new ResponseOutcome();

        var events = Run("stream-text.sse", includeUsage: true, outcome);

        AssertJsonEqual(Fixture("stream-text.expected.json"), new JsonArray(events.Select(e => e.DeepClone()).ToArray()));
        Assert.That(outcome.ProviderResponseId, Is.EqualTo("msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK"));
        Assert.That(outcome.ProviderModel, Is.EqualTo("claude-3-opus-latest"));
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(11, 6)));
        Assert.That(outcome.GeneratedBytes, Is.EqualTo("Hello there!".Length));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
    }

    [Test]
    public void Streams_tool_call_arguments_in_fragments()
    {
        var events = Run("stream-tool-use.sse", includeUsage: true);

        AssertJsonEqual(Fixture("stream-tool-use.expected.json"), new JsonArray(events.Select(e => e.DeepClone()).ToArray()));
    }

    [Test]
    public void Counts_tool_indexes_over_tool_blocks_and_gives_argumentless_tools_an_empty_object()
    {
        var events = Run("stream-multilingual-tool.sse", includeUsage: false);

        var toolDeltas = events
            .Where(e => e is JsonObject && e["choices"]!.AsArray().Count > 0 && Delta(e)!["tool_calls"] is not null)
            .Select(e => Delta(e)!["tool_calls"]![0]!)
            .ToList();
        Assert.That(toolDeltas.Select(t => t["index"]!.GetValue<int>()), Is.EqualTo(new[] { 0, 0, 0, 1, 1 }));
        Assert.That(toolDeltas[0]["id"]!.GetValue<string>(), Is.EqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6"));
        Assert.That(toolDeltas[3]["function"]!["name"]!.GetValue<string>(), Is.EqualTo("get_time"));
        var weatherArguments = string.Concat(toolDeltas.Take(3).Select(t => t["function"]!["arguments"]!.GetValue<string>()));
        AssertJsonEqual(JsonNode.Parse("""{"location":"Zürich, CH","unit":"°C"}"""), JsonNode.Parse(weatherArguments));
        Assert.That(toolDeltas[4]["function"]!["arguments"]!.GetValue<string>(), Is.EqualTo("{}"));
        Assert.That(Content(events), Is.EqualTo("Je vérifie la météo à Zürich 🌦️ — 東京も\n\"ok\" é"));
    }

    [Test]
    public void Writes_the_usage_chunk_only_when_the_client_asked_for_it()
    {
        var withoutOutcome = new ResponseOutcome();
        var without = Run("stream-multilingual-tool.sse", includeUsage: false, withoutOutcome);
        var with = Run("stream-multilingual-tool.sse", includeUsage: true);

        Assert.That(without.Any(e => e is JsonObject && e["usage"] is not null), Is.False);
        var usageChunk = with[^2];
        Assert.That(usageChunk["choices"]!.AsArray(), Is.Empty);
        AssertJsonEqual(JsonNode.Parse("""
            {"prompt_tokens":2008,"completion_tokens":89,"total_tokens":2097,"prompt_tokens_details":{"cached_tokens":1536},"completion_tokens_details":{"reasoning_tokens":0}}
            """), usageChunk["usage"]);
        Assert.That(withoutOutcome.Usage, Is.EqualTo(new TokenUsage(2008, 89, CachedReadTokens: 1536)), "usage is recorded either way");
        Assert.That(with.Count, Is.EqualTo(without.Count + 1));
        Assert.That(with[^1].GetValue<string>(), Is.EqualTo("[DONE]"));
    }

    [Test]
    public void Streams_thinking_as_reasoning_and_ignores_signatures()
    {
        var outcome = new ResponseOutcome();

        var events = Run("stream-thinking.sse", includeUsage: false, outcome);

        var reasoning = string.Concat(events
            .Where(e => e is JsonObject && e["choices"]!.AsArray().Count > 0 && Delta(e)!["reasoning_content"] is not null)
            .Select(e => Delta(e)!["reasoning_content"]!.GetValue<string>()));
        Assert.That(reasoning, Is.EqualTo("Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3"));
        Assert.That(Content(events), Is.EqualTo("27 * 453 = 12,231"));
        Assert.That(events.Any(e => e.ToJsonString().Contains("EqQBCgIYAhIM", StringComparison.Ordinal)), Is.False);
        Assert.That(outcome.Usage!.Value.ReasoningTokens, Is.EqualTo(142));
    }

    [Test]
    public void Streams_the_answer_tool_input_as_content_and_finishes_with_stop()
    {
        var events = Run("stream-json-answer.sse", includeUsage: false);

        Assert.That(events.Any(e => e.ToJsonString().Contains("tool_calls", StringComparison.Ordinal)), Is.False);
        AssertJsonEqual(JsonNode.Parse("""{"city":"Paris","temperature_c":18}"""), JsonNode.Parse(Content(events)));
        Assert.That(events[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
    }

    [Test]
    public void Reports_a_streamed_refusal_as_content_filter()
    {
        var outcome = new ResponseOutcome();

        var events = Run("stream-refusal.sse", includeUsage: false, outcome);

        Assert.That(events[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("content_filter"));
        Assert.That(outcome.FinishReason, Is.EqualTo("content_filter"));
    }

    [Test]
    public void Turns_a_mid_stream_overloaded_error_into_an_OpenAI_error_event()
    {
        var outcome = new ResponseOutcome();

        var events = Run("stream-overloaded-error.sse", includeUsage: true, outcome);

        Assert.That(Content(events), Is.EqualTo("Once upon a"));
        var error = events[^1]["error"]!;
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("upstream_error"));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("upstream_unavailable"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("Overloaded"));
        Assert.That(events.Any(e => e is JsonValue), Is.False, "no [DONE] after an error");
        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(503));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(25, 1)));
    }

    [TestCase("rate_limit_error", 429)]
    [TestCase("api_error", 502)]
    [TestCase("invalid_request_error", 400)]
    public void Maps_other_mid_stream_errors_by_their_type(string type, int status)
    {
        var stream = Encoding.UTF8.GetBytes(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"Something failed\"}}\n\n");
        var outcome = new ResponseOutcome();

        var events = Events(Transcode(stream, Context(), outcome));

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(outcome.StreamError!.StatusCode, Is.EqualTo(status));
    }

    [Test]
    public void Fails_a_stream_cut_off_before_the_answer_was_complete()
    {
        var whole = Encoding.UTF8.GetString(FixtureBytes("stream-text.sse"));
        var cut = Encoding.UTF8.GetBytes(whole[..whole.IndexOf("event: message_delta", StringComparison.Ordinal)]);
        var outcome = new ResponseOutcome();

        var events = Events(Transcode(cut, Context(), outcome));

        Assert.That(Content(events), Is.EqualTo("Hello there!"));
        Assert.That(events[^1]["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_incomplete_stream"));
        Assert.That(outcome.StreamError, Is.Not.Null);
    }

    [Test]
    public void Finishes_a_stream_that_ends_after_message_delta_without_message_stop()
    {
        var whole = Encoding.UTF8.GetString(FixtureBytes("stream-text.sse"));
        var cut = Encoding.UTF8.GetBytes(whole[..whole.IndexOf("event: message_stop", StringComparison.Ordinal)]);

        var events = Events(Transcode(cut, Context(), new ResponseOutcome()));

        Assert.That(events[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
        Assert.That(events[^1].GetValue<string>(), Is.EqualTo("[DONE]"));
    }

    [Test]
    public void Fails_on_a_malformed_event()
    {
        var stream = Encoding.UTF8.GetBytes("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"cut\n\n");
        var outcome = new ResponseOutcome();

        var events = Events(Transcode(stream, Context(), outcome));

        Assert.That(events[^1]["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_bad_response"));
    }

    [Test]
    public void Says_the_stream_ended_at_message_stop_before_the_connection_closes()
    {
        var whole = FixtureBytes("stream-text.sse");
        var text = Encoding.UTF8.GetString(whole);
        var beforeStop = Encoding.UTF8.GetBytes(text[..text.IndexOf("event: message_stop", StringComparison.Ordinal)]);
        var cutOutcome = new ResponseOutcome();
        var wholeOutcome = new ResponseOutcome();
        var output = new ArrayBufferWriter<byte>();

        using (var cut = Adapter.CreateStreamTranscoder(Context(), cutOutcome))
        {
            cut.Write(beforeStop, output);
        }
        using (var ended = Adapter.CreateStreamTranscoder(Context(), wholeOutcome))
        {
            ended.Write(whole, output);
        }

        Assert.That(cutOutcome.StreamEnded, Is.False, "usage counted so far may still grow");
        Assert.That(wholeOutcome.StreamEnded, Is.True, "the provider said it was done: its usage is final");
        Assert.That(wholeOutcome.Usage, Is.EqualTo(new TokenUsage(11, 6)));
    }
}
