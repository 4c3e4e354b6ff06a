using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Passes an OpenAI-compatible stream through, chunk by chunk: the gateway's id on every chunk, usage
/// recorded always but forwarded only when the client asked, provider errors in OpenAI's shape.
/// </summary>
internal sealed class OpenAiStreamTranscoder : SseStreamTranscoder
{
    private readonly string _providerId;
    private readonly OpenAiRewriteOptions _options;
    private readonly PooledByteBufferWriter _chunk = new(2048);
    private readonly OpenAiChunkSplice _splice;
    private Utf8JsonWriter? _json;

    public OpenAiStreamTranscoder(ResponseContext context, ResponseOutcome outcome)
        : this(context, outcome, OpenAiRewriteOptions.None)
    {
    }

    /// <param name="quirks">Provider-specific handling (<see cref="OpenAiRewriteOptions.MirrorReasoning"/>,
    /// <see cref="OpenAiRewriteOptions.DropMetadataOnlyChunk"/>); usage handling follows the client's request.</param>
    public OpenAiStreamTranscoder(ResponseContext context, ResponseOutcome outcome, OpenAiRewriteOptions quirks)
        : base(context, outcome)
    {
        _providerId = context.ProviderId;
        _splice = new OpenAiChunkSplice(context.ResponseId, context.ProviderId);
        _options = (quirks & (OpenAiRewriteOptions.MirrorReasoning | OpenAiRewriteOptions.DropMetadataOnlyChunk))
            | (context.IncludeUsage ? OpenAiRewriteOptions.WriteUsage : OpenAiRewriteOptions.DropUsageOnlyChunk);
    }

    /// <summary>The provider's <c>[DONE]</c> has been passed on (as the gateway's own, after the usage chunk).</summary>
    public override bool OutputEnded => Ended && !Failed;

    // Most chunks are the one before with other text: written from its event without the UTF-8 check or the writer.
    protected override bool TryPassKnownEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output) =>
        eventType.IsEmpty && OpenAiResponseRewriter.TryWriteSameShape(data, Outcome, _splice, output);

    protected override void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            ChatChunkWriter.WriteDone(output);
            End();
            return;
        }
        if (data.IsEmpty)
        {
            return;
        }

        _chunk.Reset();
        var json = JsonWriting.Reuse(ref _json, _chunk);
        OpenAiRewriteResult result;
        try
        {
            // The common chunk goes straight to the output with the gateway's id spliced in; the rest through the writer.
            result = OpenAiResponseRewriter.RewriteEvent(data, Context, Outcome, json, _options, _splice, output);
            json.Flush();
        }
        catch (UpstreamFormatException)
        {
            FailWith(Malformed(), output);
            return;
        }

        if (result == OpenAiRewriteResult.Written)
        {
            output.Write("data: "u8);
            output.Write(_chunk.WrittenSpan);
            output.Write("\n\n"u8);
            return;
        }
        if (result == OpenAiRewriteResult.ProviderError)
        {
            var detail = OpenAiErrorReader.Read(data);
            FailWith(new GatewayError(502, GatewayErrorTypes.Upstream,
                detail.Message ?? $"Provider '{_providerId}' reported an error mid-stream.", detail.Code ?? "upstream_error"), output);
        }
    }

    protected override void OnUpstreamEnd(IBufferWriter<byte> output) => ChatChunkWriter.WriteDone(output);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json?.Dispose();
            _chunk.Dispose();
        }
        base.Dispose(disposing);
    }
}
