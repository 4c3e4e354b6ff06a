using Gateway.Transforms.Messages;
using static Gateway.Tests.Transforms.Messages.MessagesTestRig;

namespace Gateway.Tests.Transforms.Messages;

/// <summary>Chat completion chunks to Anthropic's Messages event grammar.</summary>
[TestFixture]
public sealed class ChatToMessagesStreamConverterTests
{
    private static readonly object[] Streams =
    [
        new object[] { new[] { "OpenAi", "chat-text.stream.txt" } },
        new object[] { new[] { "OpenAi", "chat-tool-call.stream.txt" } },
        new object[] { new[] { "Messages", "chat-reasoning.stream.sse" } },
        new object[] { new[] { "Messages", "chat-error.stream.sse" } },
    ];

    [TestCaseSource(nameof(Streams))]
    public void Gives_identical_output_when_split_at_every_byte_offset(string[] fixture)
    {
        var expected = TranscoderRun.AssertSameAtEverySplit(_ => new ChatToMessagesStreamConverter(Context()), FixtureBytes(fixture));

        Assert.That(Text(expected), Does.StartWith("event: message_start\n"));
    }

    [Test]
    public void Streams_text_in_one_text_block_between_message_start_and_message_stop()
    {
        var sse = Text(Run(new ChatToMessagesStreamConverter(Context()), FixtureBytes("OpenAi", "chat-text.stream.txt")));

        Assert.That(EventNames(sse), Is.EqualTo(new[]
        {
            "message_start", "ping", "content_block_start",
        }.Concat(Enumerable.Repeat("content_block_delta", EventNames(sse).Count(n => n == "content_block_delta")))
            .Concat(["content_block_stop", "message_delta", "message_stop"])));
        var events = EventData(sse);
        var start = events[0]["message"]!;
        Assert.Multiple(() =>
        {
            Assert.That(start["id"]!.GetValue<string>(), Is.EqualTo(ResponseId));
            Assert.That(start["type"]!.GetValue<string>(), Is.EqualTo("message"));
            Assert.That(start["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
            Assert.That(start["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini-2024-07-18"));
            Assert.That(events[2]["content_block"]!["type"]!.GetValue<string>(), Is.EqualTo("text"));
            Assert.That(string.Concat(events.Where(e => e["type"]!.GetValue<string>() == "content_block_delta")
                .Select(e => e["delta"]!["text"]!.GetValue<string>())), Is.Not.Empty);
        });
        var delta = events[^2];
        Assert.That(delta["delta"]!["stop_reason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        Assert.That(delta["usage"]!["output_tokens"]!.GetValue<int>(), Is.GreaterThan(0));
    }

    [Test]
    public void Streams_a_tool_call_as_a_tool_use_block_of_input_json_deltas()
    {
        var events = EventData(Text(Run(new ChatToMessagesStreamConverter(Context()), FixtureBytes("OpenAi", "chat-tool-call.stream.txt"))));

        var block = events.Single(e => e["type"]!.GetValue<string>() == "content_block_start")["content_block"]!;
        Assert.Multiple(() =>
        {
            Assert.That(block["type"]!.GetValue<string>(), Is.EqualTo("tool_use"));
            Assert.That(block["id"]!.GetValue<string>(), Is.EqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA"));
            Assert.That(block["name"]!.GetValue<string>(), Is.EqualTo("get_current_weather"));
            Assert.That(block["input"]!.ToJsonString(), Is.EqualTo("{}"));
        });
        var json = string.Concat(events.Where(e => e["type"]!.GetValue<string>() == "content_block_delta")
            .Select(e => e["delta"]!["type"]!.GetValue<string>() == "input_json_delta" ? e["delta"]!["partial_json"]!.GetValue<string>() : "!"));
        Assert.That(JsonNode.Parse(json)!["location"]!.GetValue<string>(), Is.EqualTo("Boston, MA"));
        var delta = events.Single(e => e["type"]!.GetValue<string>() == "message_delta");
        Assert.That(delta["delta"]!["stop_reason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
        Assert.That(delta["usage"]!["input_tokens"]!.GetValue<int>(), Is.EqualTo(81));
        Assert.That(delta["usage"]!["output_tokens"]!.GetValue<int>(), Is.EqualTo(16));
    }

    [Test]
    public void Streams_reasoning_as_a_thinking_block_before_the_text_block()
    {
        var sse = Text(Run(new ChatToMessagesStreamConverter(Context()), FixtureBytes("Messages", "chat-reasoning.stream.sse")));
        var events = EventData(sse);

        var starts = events.Where(e => e["type"]!.GetValue<string>() == "content_block_start").ToList();
        Assert.That(starts.Select(s => s["content_block"]!["type"]!.GetValue<string>()), Is.EqualTo(new[] { "thinking", "text" }));
        Assert.That(starts.Select(s => s["index"]!.GetValue<int>()), Is.EqualTo(new[] { 0, 1 }));
        var thinking = string.Concat(events.Where(e => e["delta"]?["type"]?.GetValue<string>() == "thinking_delta").Select(e => e["delta"]!["thinking"]!.GetValue<string>()));
        Assert.That(thinking, Is.EqualTo("27 × 453: 27 × 400 = 10 800, 27 × 53 = 1 431."), "reasoning is sent once, not for both of its chat fields");
        var text = string.Concat(events.Where(e => e["delta"]?["type"]?.GetValue<string>() == "text_delta").Select(e => e["delta"]!["text"]!.GetValue<string>()));
        Assert.That(text, Is.EqualTo("27 × 453 = 12 231 — \"exact\"."));
        Assert.That(EventNames(sse).Count(n => n == "content_block_stop"), Is.EqualTo(2));
        var delta = events.Single(e => e["type"]!.GetValue<string>() == "message_delta");
        Assert.Multiple(() =>
        {
            Assert.That(delta["delta"]!["stop_reason"]!.GetValue<string>(), Is.EqualTo("max_tokens"));
            Assert.That(delta["usage"]!["input_tokens"]!.GetValue<int>(), Is.EqualTo(20), "prompt tokens less the cached ones");
            Assert.That(delta["usage"]!["cache_read_input_tokens"]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(delta["usage"]!["output_tokens"]!.GetValue<int>(), Is.EqualTo(42));
        });
    }

    [Test]
    public void Ends_with_an_error_event_in_anthropic_shape_when_the_chat_stream_reports_an_error()
    {
        var converter = new ChatToMessagesStreamConverter(Context());
        var sse = Text(Run(converter, FixtureBytes("Messages", "chat-error.stream.sse")));

        Assert.That(EventNames(sse)[^1], Is.EqualTo("error"));
        Assert.That(EventNames(sse), Does.Not.Contain("message_stop"));
        var error = EventData(sse)[^1];
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That(error["error"]!["type"]!.GetValue<string>(), Is.EqualTo("api_error"));
        Assert.That(error["error"]!["message"]!.GetValue<string>(), Does.Contain("overloaded"));
        Assert.That(converter.Failed, Is.True);
    }

    [Test]
    public void Ends_with_an_error_event_when_the_stream_stops_before_a_finish_reason()
    {
        var input = FixtureBytes("OpenAi", "chat-text.stream.txt");
        var cut = Text(input);
        cut = cut[..cut.IndexOf("\"finish_reason\":\"stop\"", StringComparison.Ordinal)];
        cut = cut[..(cut.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)];

        var sse = Text(Run(new ChatToMessagesStreamConverter(Context()), System.Text.Encoding.UTF8.GetBytes(cut)));

        Assert.That(EventNames(sse)[^1], Is.EqualTo("error"));
        Assert.That(EventData(sse)[^1]["error"]!["message"]!.GetValue<string>(), Does.Contain("before the answer was complete"));
    }
}
