using Gateway.Transforms;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Providers.OpenAi;
using Gateway.Transforms.Usage;

namespace Gateway.Tests.Transforms.OpenAi;

/// <summary>A stream chunk spliced into its event is byte for byte what the writer makes of it; chunks the splice cannot copy take the writer.</summary>
[TestFixture]
public sealed class OpenAiChunkSpliceTests
{
    private const string ContentChunk =
        """{"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1730000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":" it"},"logprobs":null,"finish_reason":null}]}""";

    private static ResponseContext Context(string responseId = "gen-test-1", string providerId = "openai", bool includeUsage = false,
        Func<TokenUsage, decimal>? usageCost = null) => new()
    {
        ResponseId = responseId,
        Created = 1730000000,
        ProviderId = providerId,
        Model = "gpt-4o-mini",
        IncludeUsage = includeUsage,
        UsageCost = usageCost,
    };

    private static (OpenAiRewriteResult Result, string Event) Written(string chunk, ResponseContext context, OpenAiRewriteOptions options)
    {
        using var buffer = new PooledByteBufferWriter(1024);
        OpenAiRewriteResult result;
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            result = OpenAiResponseRewriter.Rewrite(Encoding.UTF8.GetBytes(chunk), context, new ResponseOutcome(), writer, options);
        }
        return (result, result == OpenAiRewriteResult.Written ? "data: " + Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n\n" : "");
    }

    private static (OpenAiRewriteResult Result, string Event, ResponseOutcome Outcome) Spliced(string chunk, ResponseContext context, OpenAiRewriteOptions options)
    {
        using var output = new PooledByteBufferWriter(1024);
        using var buffer = new PooledByteBufferWriter(1024);
        var outcome = new ResponseOutcome();
        OpenAiRewriteResult result;
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            result = OpenAiResponseRewriter.RewriteEvent(Encoding.UTF8.GetBytes(chunk), context, outcome, writer, options,
                new OpenAiChunkSplice(context.ResponseId, context.ProviderId), output);
        }
        var text = result == OpenAiRewriteResult.Written
            ? "data: " + Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n\n"
            : Encoding.UTF8.GetString(output.WrittenSpan);
        return (result, text, outcome);
    }

    [TestCase(ContentChunk)]
    [TestCase("""{"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"provider":"OpenAI"}""")]
    [TestCase("""{ "id" : "x" ,"object":"chat.completion.chunk" ,  "choices" : [ {"index":0, "delta":{"content":"a\nb \"q\" ü 😀"}} ] , "created" :1 }""")]
    [TestCase("""{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")]
    [TestCase("""{"id":"x","choices":[{"index":0,"delta":{"content":"a"}}],"x-vendor.field_2":{"k":[1,2.5e3,null,true]}}""")]
    [TestCase("""{}""")]
    public void Splices_the_chunk_exactly_as_the_writer_writes_it(string chunk)
    {
        var context = Context();
        var (result, spliced, _) = Spliced(chunk, context, OpenAiRewriteOptions.DropUsageOnlyChunk);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Spliced));
        Assert.That(spliced, Is.EqualTo(Written(chunk, context, OpenAiRewriteOptions.DropUsageOnlyChunk).Event));
    }

    [TestCase("gen-\"quoted\"-<id>", "prov\\ider")]
    [TestCase("gen-ünïcode", "提供者")]
    [TestCase("gen-1730000000-AbCdEfGhIjKlMnOpQrSt", "openai")]
    [TestCase("gen-tab\t-ctl\u0001", "a+b&c'd<e>")]
    [TestCase("", "provider-with-a-very-long-name-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789")]
    public void Encodes_the_id_and_provider_as_the_writer_does(string responseId, string providerId)
    {
        var context = Context(responseId, providerId);
        var (result, spliced, _) = Spliced(ContentChunk, context, OpenAiRewriteOptions.None);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Spliced));
        Assert.That(spliced, Is.EqualTo(Written(ContentChunk, context, OpenAiRewriteOptions.None).Event));
    }

    [Test]
    public void Copies_usage_when_asked_and_records_it_either_way()
    {
        const string Chunk = """{"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}""";
        foreach (var options in new[] { OpenAiRewriteOptions.WriteUsage, OpenAiRewriteOptions.None })
        {
            var (result, spliced, outcome) = Spliced(Chunk, Context(includeUsage: true), options);

            Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Spliced));
            Assert.That(spliced, Is.EqualTo(Written(Chunk, Context(includeUsage: true), options).Event));
            Assert.That(outcome.Usage?.PromptTokens, Is.EqualTo(7));
            Assert.That(spliced.Contains("\"usage\"", StringComparison.Ordinal), Is.EqualTo(options == OpenAiRewriteOptions.WriteUsage));
        }
    }

    [Test]
    public void Records_finish_reason_and_generated_text_while_splicing()
    {
        var (_, _, outcome) = Spliced("""{"id":"x","choices":[{"index":0,"delta":{"content":"four"},"finish_reason":"length"}]}""", Context(), OpenAiRewriteOptions.None);

        Assert.That(outcome.FinishReason, Is.EqualTo("length"));
        Assert.That(outcome.GeneratedBytes, Is.EqualTo(4));
    }

    [Test]
    public void Leaves_an_escaped_field_name_to_the_writer()
    {
        const string Chunk = """{"id":"x","choices":[],"f\u0069eld":1}""";
        var (result, written, _) = Spliced(Chunk, Context(), OpenAiRewriteOptions.None);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Written));
        Assert.That(written, Is.EqualTo(Written(Chunk, Context(), OpenAiRewriteOptions.None).Event));
    }

    [Test]
    public void Leaves_usage_with_a_cost_to_the_writer()
    {
        const string Chunk = """{"id":"x","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}""";
        var context = Context(includeUsage: true, usageCost: _ => 0.25m);
        var (result, written, _) = Spliced(Chunk, context, OpenAiRewriteOptions.WriteUsage);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Written));
        Assert.That(written, Does.Contain("\"cost\""));
        Assert.That(written, Is.EqualTo(Written(Chunk, context, OpenAiRewriteOptions.WriteUsage).Event));
    }

    [Test]
    public void Leaves_reasoning_to_mirror_to_the_writer()
    {
        const string Chunk = """{"id":"x","choices":[{"index":0,"delta":{"reasoning_content":"think"}}]}""";
        var (result, written, _) = Spliced(Chunk, Context(), OpenAiRewriteOptions.MirrorReasoning);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Written));
        Assert.That(written, Does.Contain("\"reasoning\":\"think\""));
    }
}
