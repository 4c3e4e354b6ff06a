using Gateway.Transforms.Buffers;
using Gateway.Transforms.Completions;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.Anthropic;

namespace Gateway.Tests.Transforms.Completions;

/// <summary>A chat provider's stream rewritten as <c>text_completion</c> chunks, whatever the slicing of the provider's bytes.</summary>
[TestFixture]
public sealed class TextCompletionStreamTranscoderTests
{
    private static readonly ResponseContext Context = new() { ResponseId = "gen-123", Created = 1700000000, ProviderId = "anthropic", Model = "claude-haiku-4-5", IncludeUsage = true };

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(100000)]
    public void Rewrites_an_anthropic_stream_sliced_anywhere_into_text_completion_chunks(int slice)
    {
        var upstream = Encoding.UTF8.GetBytes(Fixture.Text("Anthropic", "stream-text.sse"));
        var outcome = new ResponseOutcome();
        using var output = new PooledByteBufferWriter();
        using (var transcoder = new TextCompletionStreamTranscoder(new AnthropicAdapter().CreateStreamTranscoder(Context, outcome), Context))
        {
            for (var at = 0; at < upstream.Length; at += slice)
            {
                transcoder.Write(upstream.AsSpan(at, Math.Min(slice, upstream.Length - at)), output);
            }
            transcoder.Complete(output);
        }

        var events = Encoding.UTF8.GetString(output.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        var choices = chunks.SelectMany(c => c["choices"]!.AsArray()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(events[^1], Is.EqualTo("data: [DONE]"));
            Assert.That(chunks.Select(c => c["object"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "text_completion" }));
            Assert.That(chunks.Select(c => c["id"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "gen-123" }));
            Assert.That(string.Concat(choices.Select(c => c!["text"]!.GetValue<string>())), Is.EqualTo("Hello there!"));
            Assert.That(choices.All(c => c!["logprobs"] is null && c.AsObject().ContainsKey("logprobs")));
            Assert.That(choices[^1]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
            Assert.That(chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>(), Is.EqualTo(6));
            Assert.That(outcome.Usage!.Value.PromptTokens, Is.EqualTo(11), "the chat transcoder still records usage");
            Assert.That(outcome.GeneratedBytes, Is.EqualTo("Hello there!".Length));
        });
    }

    [Test]
    public void A_failure_keeps_the_error_object_and_ends_without_done()
    {
        using var output = new PooledByteBufferWriter();
        using var transcoder = new TextCompletionStreamTranscoder(new AnthropicAdapter().CreateStreamTranscoder(Context, new ResponseOutcome()), Context);

        transcoder.Fail(new GatewayError(502, "upstream_error", "broke", "upstream_stream_broken"), output);

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        var chunk = JsonNode.Parse(text.Trim()["data: ".Length..])!;
        Assert.Multiple(() =>
        {
            Assert.That(transcoder.Failed, Is.True);
            Assert.That(text, Does.Not.Contain("[DONE]"));
            Assert.That(chunk["object"]!.GetValue<string>(), Is.EqualTo("text_completion"));
            Assert.That(chunk["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_stream_broken"));
            Assert.That(chunk["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("error"));
        });
    }
}
