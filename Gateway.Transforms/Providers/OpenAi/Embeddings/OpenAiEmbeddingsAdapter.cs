using Gateway.Transforms.Embeddings;

namespace Gateway.Transforms.Providers.OpenAi.Embeddings;

/// <summary><c>POST {BaseUrl}/embeddings</c> of OpenAI or an OpenAI-compatible provider, with a bearer key.</summary>
internal sealed class OpenAiEmbeddingsAdapter : IEmbeddingsAdapter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);
    private readonly OpenAiEmbeddingsDialect _dialect;

    public OpenAiEmbeddingsAdapter(OpenAiEmbeddingsDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
    }

    public GatewayError? WriteRequestBody(EmbeddingsRequest request, UpstreamTarget target, IBufferWriter<byte> body) =>
        OpenAiEmbeddingsBodyWriter.Write(request, target, _dialect, body);

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = _uris.GetOrAdd(destinationPrefix, static prefix => new Uri(ProviderUris.Combine(prefix, "/embeddings")));
        BearerRequestHeaders.Set(message, target);
    }

    public void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, EmbeddingsRequest request, string model, ResponseOutcome outcome, IBufferWriter<byte> output) =>
        OpenAiEmbeddingsConverter.Convert(upstreamBody, request, model, outcome, output);
}
