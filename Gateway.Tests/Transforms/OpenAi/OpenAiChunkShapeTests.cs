using Gateway.Transforms;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Tests.Transforms.OpenAi;

/// <summary>
/// A stream's chunks of the common shape (the last one with other bytes in its content string) are spliced without
/// being read again: exactly what reading each one whole writes and records, and every other chunk is read whole.
/// </summary>
[TestFixture]
public sealed class OpenAiChunkShapeTests
{
    private const string Head =
        """{"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1730000000,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":""" + "\"";

    private const string Tail = "\"" + """},"logprobs":null,"finish_reason":null}],"usage":null}""";

    private static string Chunk(string rawContent) => Head + rawContent + Tail;

    private static ResponseContext Context(bool includeUsage = true) => new()
    {
        ResponseId = "gen-shape-1",
        Created = 1730000000,
        ProviderId = "openai",
        Model = "gpt-4o-mini",
        IncludeUsage = includeUsage,
    };

    /// <summary>Each event through one splice (shapes carried over) or a fresh one per event (every chunk read whole).</summary>
    private static (List<string> Events, ResponseOutcome Outcome) Run(IEnumerable<byte[]> chunks, bool carryShape, OpenAiRewriteOptions options)
    {
        var context = Context();
        var outcome = new ResponseOutcome();
        var events = new List<string>();
        var shared = new OpenAiChunkSplice(context.ResponseId, context.ProviderId);
        foreach (var chunk in chunks)
        {
            using var output = new PooledByteBufferWriter(1024);
            using var buffer = new PooledByteBufferWriter(1024);
            using var writer = new Utf8JsonWriter(buffer, JsonWriting.Options);
            try
            {
                var splice = carryShape ? shared : new OpenAiChunkSplice(context.ResponseId, context.ProviderId);
                var result = OpenAiResponseRewriter.RewriteEvent(chunk, context, outcome, writer, options, splice, output);
                writer.Flush();
                events.Add(result + ":" + (result == OpenAiRewriteResult.Written
                    ? Encoding.UTF8.GetString(buffer.WrittenSpan)
                    : Convert.ToHexString(output.WrittenSpan)));
            }
            catch (UpstreamFormatException)
            {
                events.Add("malformed");
            }
        }
        return (events, outcome);
    }

    private static void AssertSameAsReadingWhole(IReadOnlyList<byte[]> chunks, OpenAiRewriteOptions options = OpenAiRewriteOptions.WriteUsage)
    {
        var (carried, carriedOutcome) = Run(chunks, carryShape: true, options);
        var (whole, wholeOutcome) = Run(chunks, carryShape: false, options);

        Assert.That(carried, Is.EqualTo(whole));
        Assert.That(carriedOutcome.GeneratedBytes, Is.EqualTo(wholeOutcome.GeneratedBytes));
        Assert.That(carriedOutcome.FinishReason, Is.EqualTo(wholeOutcome.FinishReason));
        Assert.That(carriedOutcome.Usage, Is.EqualTo(wholeOutcome.Usage));
        Assert.That(carriedOutcome.ProviderResponseId, Is.EqualTo(wholeOutcome.ProviderResponseId));
        Assert.That(carriedOutcome.ProviderModel, Is.EqualTo(wholeOutcome.ProviderModel));
        Assert.That(carriedOutcome.FirstTokenTimestamp == 0, Is.EqualTo(wholeOutcome.FirstTokenTimestamp == 0));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public void Splices_a_recorded_stream_as_reading_each_chunk_would()
    {
        var chunks = new List<byte[]>();
        foreach (var line in Fixture.Text("OpenAi", "chat-text.stream.txt").Split('\n'))
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                chunks.Add(Utf8(line["data: ".Length..]));
            }
        }

        Assert.That(chunks, Has.Count.GreaterThan(3));
        AssertSameAsReadingWhole(chunks);
        AssertSameAsReadingWhole(chunks, OpenAiRewriteOptions.DropUsageOnlyChunk);
    }

    [Test]
    public void Reads_whole_a_content_string_with_escapes_quotes_or_control_characters()
    {
        AssertSameAsReadingWhole(
        [
            Utf8(Chunk("Hello")),
            Utf8(Chunk(@"line\nbreak")),
            Utf8(Chunk(@"a \""quoted\"" word")),
            Utf8(Chunk(@"\u00fc and \ud83d\ude00")),
            Utf8(Chunk(" plain again ü 😀")),
            Utf8(Chunk("")),
            Utf8(Chunk(" end")),
        ]);
    }

    [Test]
    public void Refuses_a_same_shape_chunk_that_is_not_JSON_as_reading_it_whole_does()
    {
        var control = Utf8(Chunk("tab\there"));
        var unterminated = Utf8(Chunk("cut\" , \"x"));
        var invalidUtf8 = Utf8(Chunk("ok ??"));
        invalidUtf8[Head.Length + 3] = 0xC3;
        invalidUtf8[Head.Length + 4] = 0x28;

        AssertSameAsReadingWhole([Utf8(Chunk("Hello")), control, Utf8(Chunk(" a")), unterminated, Utf8(Chunk(" b")), invalidUtf8, Utf8(Chunk(" c"))]);
        Assert.That(Run([Utf8(Chunk("Hello")), control], carryShape: true, OpenAiRewriteOptions.None).Events[1], Is.EqualTo("malformed"));
    }

    [Test]
    public void Reads_whole_a_chunk_whose_other_fields_changed()
    {
        AssertSameAsReadingWhole(
        [
            Utf8(Chunk("Hello")),
            Utf8(Chunk(" world").Replace("1730000000", "1730000001", StringComparison.Ordinal)),
            Utf8(Chunk(" again").Replace("chatcmpl-abc", "chatcmpl-xyz", StringComparison.Ordinal)),
            Utf8(Chunk(" more")),
            Utf8(Head + " last\"" + """},"logprobs":null,"finish_reason":"stop"}],"usage":null}"""),
            Utf8(Head + " after\"" + """},"logprobs":null,"finish_reason":"stop"}],"usage":null}"""),
            Utf8("""{"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1730000000,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}"""),
        ]);
    }

    [Test]
    public void Keeps_interleaved_choices_apart()
    {
        var second = Chunk("x").Replace("\"index\":0", "\"index\":1", StringComparison.Ordinal);
        AssertSameAsReadingWhole(
        [
            Utf8(Chunk("a")), Utf8(second.Replace("\"x\"", "\"b\"", StringComparison.Ordinal)),
            Utf8(Chunk("c")), Utf8(second.Replace("\"x\"", "\"d\"", StringComparison.Ordinal)),
            Utf8(Chunk("e")), Utf8(Chunk("f")),
        ]);
    }

    [Test]
    public void Reads_whole_a_chunk_with_tool_call_arguments_or_reasoning()
    {
        const string Tool =
            """{"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1730000000,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]},"finish_reason":null}]}""";
        AssertSameAsReadingWhole(
        [
            Utf8(Chunk("Hello")),
            Utf8(Tool),
            Utf8(Tool.Replace("{\\\"a\\\":", "1}", StringComparison.Ordinal)),
            Utf8(Chunk(" x").Replace("{\"content\":\" x\"", "{\"reasoning_content\":\"think\",\"content\":\" x\"", StringComparison.Ordinal)),
            Utf8(Chunk(" y")),
        ], OpenAiRewriteOptions.MirrorReasoning | OpenAiRewriteOptions.WriteUsage);
    }

    [Test]
    public void Agrees_with_reading_whole_on_a_long_stream_of_mixed_chunks()
    {
        // Pieces of content as providers send them, well-formed or not; now and then another field changes.
        byte[][] pieces =
        [
            Utf8(" word"), Utf8("ü"), Utf8("😀"), Utf8(@"\n"), Utf8(@"\"""), Utf8(@"\u00e9"), Utf8(@"\ud83d\ude00"), [],
            Utf8("\""), [0x01], [0xC3, 0x28], [0xF0, 0x9F], Utf8("\t"), Utf8(" 42"), Utf8("."),
        ];
        var random = new Random(20261207);
        var chunks = new List<byte[]>();
        for (var i = 0; i < 2000; i++)
        {
            var content = new List<byte>();
            for (var n = random.Next(0, 4); n > 0; n--)
            {
                content.AddRange(pieces[random.Next(pieces.Length)]);
            }
            var chunk = Utf8(Head).Concat(content).Concat(Utf8(Tail)).ToArray();
            if (random.Next(20) == 0)
            {
                chunk = Utf8(Encoding.UTF8.GetString(chunk).Replace("1730000000", "173000000" + random.Next(10), StringComparison.Ordinal));
            }
            chunks.Add(chunk);
        }

        AssertSameAsReadingWhole(chunks);
        AssertSameAsReadingWhole(chunks, OpenAiRewriteOptions.DropUsageOnlyChunk | OpenAiRewriteOptions.DropMetadataOnlyChunk);
    }

    [Test]
    public void Remembers_a_chunk_with_one_content_string_once_it_is_spliced()
    {
        var context = Context();
        var splice = new OpenAiChunkSplice(context.ResponseId, context.ProviderId);
        string Read(string chunk, OpenAiChunkSplice into)
        {
            using var output = new PooledByteBufferWriter(1024);
            using var buffer = new PooledByteBufferWriter(1024);
            using var writer = new Utf8JsonWriter(buffer, JsonWriting.Options);
            OpenAiResponseRewriter.RewriteEvent(Utf8(chunk), context, new ResponseOutcome(), writer, OpenAiRewriteOptions.WriteUsage, into, output);
            return Encoding.UTF8.GetString(output.WrittenSpan);
        }
        string? Written(string chunk)
        {
            using var output = new PooledByteBufferWriter(1024);
            var matched = splice.Shape.TryWrite(Utf8(chunk), output, out var content);
            Assert.That(matched || output.WrittenCount == 0, "nothing written without a match");
            return matched ? Encoding.UTF8.GetString(content) + "|" + Encoding.UTF8.GetString(output.WrittenSpan) : null;
        }

        Read("""{"id":"x","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":""},"finish_reason":null}]}""", splice);
        Assert.That(Written(Chunk(" next")), Is.Null, "two generated strings: not remembered");

        Read(Chunk("Hello"), splice);
        var fresh = Read(Chunk(" next"), new OpenAiChunkSplice(context.ResponseId, context.ProviderId));
        Assert.That(Written(Chunk(" next")), Is.EqualTo(" next|" + fresh));

        Read(Chunk("Hi").Replace("\"usage\":null", "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}", StringComparison.Ordinal), splice);
        Assert.That(Written(Chunk(" next")), Is.EqualTo(" next|" + fresh), "a chunk with usage leaves the last shape as it was");
    }

    [Test]
    public void Matches_only_the_remembered_chunk_with_plain_text_in_its_content()
    {
        var shape = new OpenAiChunkShape();
        var first = Utf8(Chunk("Hello"));
        const int EventContentStart = 6 + 6;
        shape.Remember(first, Head.Length, Head.Length + "Hello".Length, Utf8("data: <head>Hello" + Tail + "\n\n"), EventContentStart);
        string? Written(byte[] chunk, OpenAiChunkShape from)
        {
            using var output = new PooledByteBufferWriter(1024);
            var matched = from.TryWrite(chunk, output, out var content);
            Assert.That(matched || output.WrittenCount == 0, "nothing written without a match");
            return matched ? Encoding.UTF8.GetString(content) + "|" + Encoding.UTF8.GetString(output.WrittenSpan) : null;
        }

        Assert.That(Written(Utf8(Chunk(" wörld 😀")), shape), Is.EqualTo(" wörld 😀|data: <head> wörld 😀" + Tail + "\n\n"));
        Assert.That(Written(Utf8(Chunk("")), shape), Is.EqualTo("|data: <head>" + Tail + "\n\n"));
        Assert.That(Written(Utf8(Chunk(@"a\nb")), shape), Is.Null);
        Assert.That(Written(Utf8(Chunk("a\"b")), shape), Is.Null);
        Assert.That(Written(Utf8(Chunk("a").Replace("fp_1", "fp_2", StringComparison.Ordinal)), shape), Is.Null);
        Assert.That(Written(Utf8(Head + "a\"}]}"), shape), Is.Null);
        Assert.That(Written(first, new OpenAiChunkShape()), Is.Null);

        // An event that does not hold the chunk's content where it is said to is not remembered.
        shape.Remember(first, Head.Length, Head.Length + "Hello".Length, Utf8("data: <head>Hullo" + Tail + "\n\n"), EventContentStart);
        Assert.That(Written(Utf8(Chunk(" x")), shape), Is.Null);
    }
}
