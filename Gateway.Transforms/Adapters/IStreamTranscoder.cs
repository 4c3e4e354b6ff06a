namespace Gateway.Transforms.Adapters;

/// <summary>
/// Converts a provider's streamed answer to OpenAI's SSE chunks, incrementally: input arrives in arbitrary
/// slices (an event, a JSON value or a UTF-8 character may be split anywhere) and output is written as soon
/// as a whole event has been seen.
/// </summary>
public interface IStreamTranscoder : IDisposable
{
    /// <summary>Consumes all of <paramref name="upstream"/>, keeping any incomplete tail for the next call.</summary>
    void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output);

    /// <summary>The provider's stream ended: write what remains (final usage chunk, <c>[DONE]</c>).</summary>
    void Complete(IBufferWriter<byte> output);

    /// <summary>Reading the provider's stream failed: write an error event and end the stream.</summary>
    void Fail(GatewayError error, IBufferWriter<byte> output);

    /// <summary>
    /// True once the stream has ended with an error event: whatever else the provider sends is ignored, so the caller
    /// stops reading it (an oversized or endless event would otherwise be read to its end for nothing).
    /// </summary>
    bool Failed { get; }

    /// <summary>
    /// True once the transcoder has written the last event the client will see (OpenAI's <c>[DONE]</c>) before the
    /// provider's stream has ended: whoever acts on a whole stream (the response cache) can then do so before the
    /// client has that event, not one read later. False for transcoders that end only with the provider's stream.
    /// </summary>
    bool OutputEnded => false;
}
