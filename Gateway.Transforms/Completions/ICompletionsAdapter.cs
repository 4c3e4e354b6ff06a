namespace Gateway.Transforms.Completions;

/// <summary>
/// A provider kind's own legacy completions API (<see cref="CompletionsAdapters"/>). Kinds without one answer through
/// their chat adapter (<see cref="CompletionsChatLimits"/>, <see cref="TextCompletionRewriter"/>). Errors are read by the
/// provider's <see cref="IProviderAdapter"/>.
/// </summary>
public interface ICompletionsAdapter
{
    /// <summary>Writes the provider's body; the client's error (naming the field) when this provider cannot honour the request.</summary>
    GatewayError? WriteRequestBody(CompletionsRequest request, UpstreamTarget target, IBufferWriter<byte> body);

    /// <summary>Sets the URI (from <paramref name="destinationPrefix"/>, the provider's BaseUrl) and the provider's headers.</summary>
    void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream);

    /// <summary>Converts a whole 2xx answer to a <c>text_completion</c> with the gateway's id, recording usage; throws <see cref="UpstreamFormatException"/> on a malformed one.</summary>
    void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output);

    IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome);
}
