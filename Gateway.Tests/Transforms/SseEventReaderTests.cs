using System.Text;
using Gateway.Transforms.Sse;

namespace Gateway.Tests.Transforms;

[TestFixture]
public sealed class SseEventReaderTests
{
    [Test]
    public void Dispatches_events_split_at_every_byte_offset_with_any_line_ending()
    {
        const string stream = "event: a\r\ndata: {\"x\":1}\r\n\r\n: comment\n\nevent: b\rdata: line1\rdata: line2\r\rdata: caf\u00e9\n\n";
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var sink = new RecordingSink();
            using var reader = new SseEventReader();
            reader.Feed(bytes.AsSpan(0, split), sink);
            reader.Feed(bytes.AsSpan(split), sink);
            reader.Complete(sink);
            Assert.That(sink.Events, Is.EqualTo(new[] { "a|{\"x\":1}", "b|line1\nline2", "|caf\u00e9" }), $"split at {split}");
        }
    }

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

    private sealed class RecordingSink : ISseEventSink
    {
        public List<string> Events { get; } = [];

        public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data) =>
            Events.Add($"{Encoding.UTF8.GetString(eventType)}|{Encoding.UTF8.GetString(data)}");
    }
}
