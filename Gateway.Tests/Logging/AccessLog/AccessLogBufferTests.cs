using Gateway.Proxy.Logging.AccessLog;

namespace Gateway.Tests.Logging.AccessLog;

/// <summary>The access log's buffer: lines kept whole and in order across its segments, bounded, segments reused.</summary>
[TestFixture]
public sealed class AccessLogBufferTests
{
    [Test]
    public void Keeps_lines_in_order_across_segment_boundaries()
    {
        var buffer = new AccessLogBuffer();
        var expected = new List<byte>();
        var batch = new List<AccessLogBuffer.Segment>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 2000; i++)
            {
                var line = Line(round * 10_000 + i);
                Assert.That(buffer.TryAppend(line, maxBytes: 10_000_000), Is.True);
                expected.AddRange(line);
            }
            Assert.That(buffer.Length, Is.EqualTo(expected.Count));
            buffer.TakeAll(batch);
            Assert.That(buffer.Length, Is.Zero);
            Assert.That(batch.SelectMany(segment => segment.Span.ToArray()), Is.EqualTo(expected), $"round {round}");
            Assert.That(batch, Has.Count.GreaterThan(1), "the lines spanned several segments");
            expected.Clear();
            buffer.Return(batch);
            Assert.That(batch, Is.Empty);
        }
    }

    [Test]
    public void Refuses_a_line_that_would_pass_the_bound()
    {
        var buffer = new AccessLogBuffer();
        var line = Line(1);

        Assert.Multiple(() =>
        {
            Assert.That(buffer.TryAppend(line, maxBytes: line.Length * 2), Is.True);
            Assert.That(buffer.TryAppend(line, maxBytes: line.Length * 2), Is.True);
            Assert.That(buffer.TryAppend(line, maxBytes: line.Length * 2), Is.False);
            Assert.That(buffer.Length, Is.EqualTo(line.Length * 2));
        });
    }

    /// <summary>Lines of 100 to 400 bytes, each different.</summary>
    private static byte[] Line(int number)
    {
        var text = $"line {number} " + new string((char)('a' + number % 26), 100 + number * 37 % 300) + "\n";
        return System.Text.Encoding.UTF8.GetBytes(text);
    }
}
