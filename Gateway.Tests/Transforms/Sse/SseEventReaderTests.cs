using Gateway.Transforms.Sse;

namespace Gateway.Tests.Transforms.Sse;

[TestFixture]
public sealed class SseEventReaderTests
{
    /// <summary>Feeds <paramref name="stream"/> in two reads split at every byte offset; each time the same events arrive.</summary>
    private static void AssertEventsAtEverySplit(string stream, params string[] expected)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var sink = new RecordingSink();
            using var reader = new SseEventReader();
            reader.Feed(bytes.AsSpan(0, split), sink);
            reader.Feed(bytes.AsSpan(split), sink);
            reader.Complete(sink);
            Assert.That(sink.Events, Is.EqualTo(expected), $"split at {split}");
        }
    }

    [Test]
    public void Dispatches_events_split_at_every_byte_offset_with_any_line_ending() =>
        AssertEventsAtEverySplit(
            "event: a\r\ndata: {\"x\":1}\r\n\r\n: comment\n\nevent: b\rdata: line1\rdata: line2\r\rdata: caf\u00e9\n\n",
            "a|{\"x\":1}", "b|line1\nline2", "|caf\u00e9");

    // The framing providers send (one data line, a blank line, LF only) is delivered without a copy when whole in one
    // read; split anywhere it takes the general path. Both must agree, with the events around it of other kinds.
    [Test]
    public void Dispatches_line_feed_framed_events_alike_whole_or_split_at_any_byte() =>
        AssertEventsAtEverySplit(
            "data: {\"a\":1}\n\ndata:{\"b\":2}\n\nevent: e\ndata: typed\n\ndata: one\ndata: two\n\ndata: \n\ndata: [DONE]\n\n",
            "|{\"a\":1}", "|{\"b\":2}", "e|typed", "|one\ntwo", "|", "|[DONE]");

    [Test]
    public void Delivers_a_last_event_without_its_blank_line_at_end_of_stream()
    {
        var sink = new RecordingSink();
        using var reader = new SseEventReader();
        reader.Feed("data: tail"u8, sink);
        Assert.That(sink.Events, Is.Empty);
        reader.Complete(sink);
        Assert.That(sink.Events, Is.EqualTo(new[] { "|tail" }));
    }

    [Test]
    public void Skips_a_byte_order_mark_and_events_without_data()
    {
        var sink = new RecordingSink();
        using var reader = new SseEventReader();
        reader.Feed([0xEF, 0xBB], sink);
        reader.Feed([0xBF], sink);
        reader.Feed("event: ping\n\nretry: 10\nid: 3\ndata:x\n\n"u8, sink);
        Assert.That(sink.Events, Is.EqualTo(new[] { "|x" }));
    }

    [Test]
    public void Stops_at_one_endless_line_once_it_outgrows_the_cap()
    {
        var sink = new RecordingSink();
        using var reader = new SseEventReader(maxEventBytes: 4096);
        Assert.That(reader.Feed("data: first\n\n"u8, sink), Is.True);

        var block = Encoding.ASCII.GetBytes("data: " + new string('a', 1000));
        var fed = 0;
        while (reader.Feed(block.AsSpan(fed == 0 ? 0 : 6), sink))
        {
            fed++;
            Assert.That(fed, Is.LessThan(10), "the reader kept taking a line far over its cap");
        }

        Assert.That(fed, Is.EqualTo(4), "four blocks fit in 4096 bytes, the fifth does not");
        Assert.That(reader.Overflowed, Is.True);
        Assert.That(reader.Feed("\n\ndata: later\n\n"u8, sink), Is.False, "an overflowed reader stays stopped");
        reader.Complete(sink);
        Assert.That(sink.Events, Is.EqualTo(new[] { "|first" }), "the oversized event is never delivered");
    }

    [Test]
    public void Counts_every_data_line_of_one_event_against_the_cap()
    {
        var sink = new RecordingSink();
        using var reader = new SseEventReader(maxEventBytes: 1024);
        var line = Encoding.ASCII.GetBytes("data: " + new string('b', 100) + "\n");

        var accepted = 0;
        while (accepted < 20 && reader.Feed(line, sink))
        {
            accepted++;
        }

        Assert.That(accepted, Is.LessThan(11), "many short data lines without a blank line still make one event");
        Assert.That(sink.Events, Is.Empty);
    }

    [Test]
    public void Delivers_events_up_to_the_cap_and_resets_the_count_after_each()
    {
        var sink = new RecordingSink();
        using var reader = new SseEventReader(maxEventBytes: 1024);
        var payload = new string('c', 900);

        for (var i = 0; i < 5; i++)
        {
            Assert.That(reader.Feed(Encoding.ASCII.GetBytes($"data: {payload}\n\n"), sink), Is.True);
        }

        Assert.That(sink.Events, Has.Count.EqualTo(5));
    }

    private sealed class RecordingSink : ISseEventSink
    {
        public List<string> Events { get; } = [];

        public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data) =>
            Events.Add($"{Encoding.UTF8.GetString(eventType)}|{Encoding.UTF8.GetString(data)}");
    }
}
