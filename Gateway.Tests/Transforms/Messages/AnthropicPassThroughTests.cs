using System.Buffers;
using Gateway.Transforms.Messages;
using Gateway.Transforms.Usage;
using static Gateway.Tests.Transforms.Messages.MessagesTestRig;

namespace Gateway.Tests.Transforms.Messages;

/// <summary>An Anthropic answer to a Messages request goes back as Anthropic sent it, with the gateway's id.</summary>
[TestFixture]
public sealed class AnthropicPassThroughTests
{
    [TestCase("Anthropic", "stream-text.sse", "msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK")]
    [TestCase("Anthropic", "stream-thinking.sse", "msg_01EYdVpdUJq9jA2nb2ihxRWc")]
    [TestCase("Messages", "anthropic-cached.stream.sse", "msg_01CachedStreamXyZ")]
    public void Passes_the_event_stream_through_with_only_the_message_id_replaced(string folder, string name, string providerId)
    {
        var input = FixtureBytes(folder, name);
        var outcome = new ResponseOutcome();

        var output = Text(Run(new AnthropicPassThroughStreamTranscoder(Context(), outcome), input));

        Assert.That(output.TrimEnd(), Is.EqualTo(Text(input).Replace(providerId, ResponseId, StringComparison.Ordinal).TrimEnd()));
        Assert.That(outcome.ProviderResponseId, Is.EqualTo(providerId));
        Assert.That(outcome.StreamEnded, Is.True);
    }

    [TestCase("Anthropic", "stream-text.sse")]
    [TestCase("Anthropic", "stream-tool-use.sse")]
    [TestCase("Anthropic", "stream-overloaded-error.sse")]
    [TestCase("Messages", "anthropic-cached.stream.sse")]
    public void Gives_identical_output_and_usage_when_split_at_every_byte_offset(string folder, string name)
    {
        TranscoderRun.AssertSameAtEverySplit(outcome => new AnthropicPassThroughStreamTranscoder(Context(), outcome), FixtureBytes(folder, name));
    }

    [Test]
    public void Reads_cache_reads_and_writes_from_a_stream_for_the_usage_record()
    {
        var outcome = new ResponseOutcome();
        Run(new AnthropicPassThroughStreamTranscoder(Context(), outcome), FixtureBytes("Messages", "anthropic-cached.stream.sse"));

        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(21 + 188 + 187354, 393, CachedReadTokens: 187354, CacheWriteTokens: 188)));
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
        Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
    }

    [Test]
    public void Marks_the_attempt_failed_on_an_error_event_and_passes_the_event_on()
    {
        var outcome = new ResponseOutcome();
        var transcoder = new AnthropicPassThroughStreamTranscoder(Context(), outcome);
        var output = Text(Run(transcoder, FixtureBytes("Anthropic", "stream-overloaded-error.sse")));

        Assert.That(EventNames(output)[^1], Is.EqualTo("error"));
        Assert.That(EventData(output)[^1]["error"]!["type"]!.GetValue<string>(), Is.EqualTo("overloaded_error"));
        Assert.That(outcome.StreamError, Is.Not.Null);
        Assert.That(transcoder.Failed, Is.True);
    }

    [Test]
    public void Ends_a_stream_cut_before_message_delta_with_an_error_event()
    {
        var input = Text(FixtureBytes("Anthropic", "stream-text.sse"));
        var cut = input[..input.IndexOf("event: content_block_stop", StringComparison.Ordinal)];
        var outcome = new ResponseOutcome();

        var output = Text(Run(new AnthropicPassThroughStreamTranscoder(Context(), outcome), System.Text.Encoding.UTF8.GetBytes(cut)));

        Assert.That(EventNames(output)[^1], Is.EqualTo("error"));
        Assert.That(outcome.StreamError!.Code, Is.EqualTo("upstream_incomplete_stream"));
        Assert.That(outcome.Usage!.Value.PromptTokens, Is.EqualTo(11), "the input message_start counted is billed");
    }

    [Test]
    public void Passes_a_whole_answer_through_with_its_id_replaced_and_reads_its_cache_usage()
    {
        var body = FixtureBytes("Anthropic", "response-cached-usage.json");
        var outcome = new ResponseOutcome();
        var output = new ArrayBufferWriter<byte>();

        AnthropicPassThroughResponse.Convert(body, Context(), outcome, output);

        Assert.That(Text(output.WrittenSpan.ToArray()), Is.EqualTo(Text(body).Replace("msg_01Xg1pW1qLzWkBjRZRN6TX8s", ResponseId, StringComparison.Ordinal)));
        Assert.That(outcome.Usage, Is.EqualTo(new TokenUsage(21 + 188 + 187354, 393, CachedReadTokens: 187354, CacheWriteTokens: 188)));
        Assert.That(outcome.ProviderModel, Is.EqualTo("claude-sonnet-4-5-20250929"));
    }

    [Test]
    public void Rewrites_only_the_model_of_the_request_and_keeps_every_other_field_byte_for_byte()
    {
        const string body = """{"model":"claude","max_tokens":1024,"system":[{"type":"text","text":"Long document","cache_control":{"type":"ephemeral","ttl":"1h"}}],"thinking":{"type":"enabled","budget_tokens":2048},"messages":[{"role":"user","content":[{"type":"text","text":"Hi \u00e9","cache_control":{"type":"ephemeral"}}]},{"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"EqQBCgIYAh"},{"type":"text","text":"Hello"}]}],"top_k":5,"stop_sequences":["END"],"metadata":{"user_id":"u-1"}}""";
        var output = new ArrayBufferWriter<byte>();

        AnthropicPassThroughRequestWriter.Write(System.Text.Encoding.UTF8.GetBytes(body), "claude-sonnet-4-5", output);

        Assert.That(Text(output.WrittenSpan.ToArray()), Is.EqualTo(body.Replace("\"model\":\"claude\"", "\"model\":\"claude-sonnet-4-5\"", StringComparison.Ordinal)));
    }

    [Test]
    public void Leaves_generation_settings_out_of_a_token_count_request()
    {
        const string body = """{"model":"claude","max_tokens":1024,"stream":true,"temperature":0.5,"messages":[{"role":"user","content":"Hi"}],"system":"Be brief."}""";
        var output = new ArrayBufferWriter<byte>();

        AnthropicPassThroughRequestWriter.Write(System.Text.Encoding.UTF8.GetBytes(body), "claude-sonnet-4-5", output, countTokens: true);

        var sent = JsonNode.Parse(output.WrittenSpan)!.AsObject();
        Assert.That(sent.Select(p => p.Key), Is.EqualTo(new[] { "model", "messages", "system" }));
    }
}
