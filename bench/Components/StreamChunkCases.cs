using System.Text;
using System.Text.Json;
using Gateway.Transforms;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Bench.Components;

/// <summary>
/// One content chunk of an OpenAI stream (the fake upstream's) rewritten into the gateway's event, through one splice
/// as a stream's chunks are: read whole, as every chunk was before <see cref="OpenAiChunkShape"/> (here each chunk's
/// <c>created</c> differs from the one before, so the shape never matches, and each is remembered in turn: the most
/// the shape adds), and with the chunk before of the same shape (the second and later content chunks of a stream).
/// </summary>
internal static class StreamChunkCases
{
    private const string Head =
        """{"id":"chatcmpl-7xL1bq3XxVGYXbWmzkfPgVoPm3Hfq","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":""" + "\"";

    private const string Tail = "\"" + """},"logprobs":null,"finish_reason":null}],"usage":null}""";

    public static void Run(int operations)
    {
        byte[][] chunks = [Encoding.UTF8.GetBytes(Head + " How" + Tail), Encoding.UTF8.GetBytes(Head + " can" + Tail)];
        byte[][] unlike = [chunks[0], Encoding.UTF8.GetBytes((Head + " can" + Tail).Replace("1694268190", "1694268191", StringComparison.Ordinal))];
        var context = new ResponseContext { ResponseId = "gen-1796540066-aJIn8ePpx4G2ffY9uROj", Created = 1694268190, ProviderId = "fake", Model = "gpt-4o-mini" };
        var outcome = new ResponseOutcome();
        using var output = new PooledByteBufferWriter(4096);
        using var buffer = new PooledByteBufferWriter(4096);
        using var writer = new Utf8JsonWriter(buffer, JsonWriting.Options);
        var splice = new OpenAiChunkSplice(context.ResponseId, context.ProviderId);
        var next = 0;
        void Rewrite(byte[][] pair)
        {
            output.Reset();
            OpenAiResponseRewriter.RewriteEvent(pair[next ^= 1], context, outcome, writer, OpenAiRewriteOptions.DropUsageOnlyChunk, splice, output);
        }

        CpuTime.Measure("stream content chunk: read whole (and remembered)", operations, () => Rewrite(unlike));
        CpuTime.Measure("stream content chunk: same shape as the one before", operations, () => Rewrite(chunks));
    }
}
