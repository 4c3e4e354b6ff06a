using Gateway.Transforms.Buffers;
using Gateway.Transforms.Completions;

namespace Gateway.Tests.Transforms.Completions;

/// <summary>An OpenAI legacy completions stream passed through: the gateway's id, the text counted for billing a cut stream.</summary>
[TestFixture]
public sealed class OpenAiCompletionsStreamTests
{
    [Test]
    public void Counts_the_generated_text_and_the_first_token_of_a_passed_through_stream()
    {
        var context = new ResponseContext { ResponseId = "gen-9", Created = 1, ProviderId = "openai", Model = "gpt-3.5-turbo-instruct" };
        var outcome = new ResponseOutcome();
        using var output = new PooledByteBufferWriter();
        using (var transcoder = CompletionsAdapters.Create()["openai"].CreateStreamTranscoder(context, outcome))
        {
            transcoder.Write(Encoding.UTF8.GetBytes(Fixture.Text("OpenAi", "completions.stream.txt")), output);
            transcoder.Complete(output);
        }

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.GeneratedBytes, Is.EqualTo(Encoding.UTF8.GetByteCount("\n\nThis is indeed a test") + 2), "escaped as sent: \\n\\n");
            Assert.That(outcome.FirstTokenTimestamp, Is.GreaterThan(0));
            Assert.That(outcome.Usage!.Value.CompletionTokens, Is.EqualTo(7));
            Assert.That(text, Does.Not.Contain("cmpl-"));
            Assert.That(text, Does.Contain("\"id\":\"gen-9\""));
            Assert.That(text, Does.Not.Contain("\"usage\":{"), "the client did not ask for the usage chunk");
        });
    }
}
