using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;

namespace Gateway.Tests.Transforms.Anthropic;

/// <summary>The upstream bytes may be sliced anywhere: inside an event, a JSON value or a UTF-8 character.</summary>
[TestFixture]
public sealed class AnthropicStreamSplitTests
{
    [TestCase("stream-multilingual-tool.sse", true)]
    [TestCase("stream-multilingual-tool.sse", false)]
    [TestCase("stream-tool-use.sse", true)]
    [TestCase("stream-thinking.sse", true)]
    [TestCase("stream-overloaded-error.sse", true)]
    public void Gives_identical_output_when_split_at_every_byte_offset(string fixture, bool includeUsage)
    {
        var expected = TranscoderRun.AssertSameAtEverySplit(outcome => Adapter.CreateStreamTranscoder(Context(includeUsage), outcome), FixtureBytes(fixture));

        Assert.That(Encoding.UTF8.GetString(expected), Does.Contain("data: "));
    }

    [Test]
    public void Gives_identical_output_for_CRLF_framing_split_at_every_byte_offset()
    {
        var lf = FixtureBytes("stream-multilingual-tool.sse");
        var crlf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(lf).Replace("\n", "\r\n", StringComparison.Ordinal));
        var expected = Transcode(lf, Context(true), new ResponseOutcome());

        var whole = TranscoderRun.AssertSameAtEverySplit(outcome => Adapter.CreateStreamTranscoder(Context(true), outcome), crlf);

        Assert.That(whole, Is.EqualTo(expected));
    }

    [Test]
    public void Gives_identical_output_when_fed_one_byte_at_a_time()
    {
        var upstream = FixtureBytes("stream-multilingual-tool.sse");
        var expected = Transcode(upstream, Context(true), new ResponseOutcome());

        var output = TranscoderRun.Feed(Adapter.CreateStreamTranscoder(Context(true), new ResponseOutcome()), TranscoderRun.OneByteAtATime(upstream));

        Assert.That(output, Is.EqualTo(expected));
    }
}
