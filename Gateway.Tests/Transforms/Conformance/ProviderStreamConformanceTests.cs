namespace Gateway.Tests.Transforms.Conformance;

/// <summary>
/// The network splits a provider's stream wherever it likes: every adapter's transcoder must write the same client
/// stream for a recorded stream fed whole and split at every byte boundary (inside a UTF-8 sequence, an event name,
/// a JSON string, the blank line that ends an event).
/// </summary>
[TestFixture]
public sealed class ProviderStreamConformanceTests
{
    private static IEnumerable<TestCaseData> Streams()
    {
        (string Provider, string Fixture)[] streams =
        [
            ("OpenAi", "chat-text.stream.txt"),
            ("OpenAi", "chat-tool-call.stream.txt"),
            ("Anthropic", "stream-text.sse"),
            ("Anthropic", "stream-tool-use.sse"),
            ("Anthropic", "stream-thinking.sse"),
            ("Anthropic", "stream-multilingual-tool.sse"),
            ("Gemini", "stream_text.sse"),
            ("Gemini", "stream_candidates.sse"),
            ("Cohere", "Streams/text.sse"),
            ("Cohere", "Streams/tools.sse"),
            ("Cohere", "Streams/thinking.sse"),
        ];
        foreach (var (provider, fixture) in streams)
        {
            yield return new TestCaseData(provider, fixture).SetName($"Transcodes_{provider}_{Path.GetFileNameWithoutExtension(fixture)}_alike_at_every_split");
        }
    }

    [TestCaseSource(nameof(Streams))]
    public void Writes_the_same_client_stream_wherever_the_provider_stream_is_split(string provider, string fixture)
    {
        var rig = ProviderRigs.For(provider);
        var context = rig.Context(includeUsage: true);

        var whole = TranscoderRun.AssertSameAtEverySplit(outcome => rig.Adapter.CreateStreamTranscoder(context, outcome), rig.Bytes(fixture.Split('/')));

        Assert.That(whole, Is.Not.Empty, "the recorded stream gives the client something");
    }
}
