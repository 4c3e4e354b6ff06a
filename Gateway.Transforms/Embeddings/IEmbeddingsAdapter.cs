namespace Gateway.Transforms.Embeddings;

/// <summary>
/// One provider kind's embeddings API. Errors are read by the same provider's <see cref="IProviderAdapter"/>
/// (<c>ReadError</c>, <c>ClassifyError</c>): a provider says "bad key" the same way on every endpoint.
/// </summary>
public interface IEmbeddingsAdapter
{
    /// <summary>Writes the provider's body; returns the client's error (naming the field) when this provider cannot express the request.</summary>
    GatewayError? WriteRequestBody(EmbeddingsRequest request, UpstreamTarget target, IBufferWriter<byte> body);

    /// <summary>Sets the URI (from <paramref name="destinationPrefix"/>, the provider's BaseUrl) and the provider's headers.</summary>
    void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, ReadOnlyMemory<byte> body);

    /// <summary>
    /// Converts a 2xx answer into OpenAI's list of embeddings (one per input, in order, in the client's
    /// <c>encoding_format</c>), setting <see cref="ResponseOutcome.Usage"/> when the provider reports its input tokens.
    /// Throws <see cref="UpstreamFormatException"/> on an answer that does not follow the provider's format. The body
    /// outlives the call only.
    /// </summary>
    void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, EmbeddingsRequest request, string model, ResponseOutcome outcome, IBufferWriter<byte> output);
}
