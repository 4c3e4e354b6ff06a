using Gateway.Transforms.Embeddings;
using Gateway.Transforms.Providers.OpenAi.Embeddings;

namespace Gateway.Transforms.Providers.Azure.Embeddings;

/// <summary>
/// Azure OpenAI embeddings: OpenAI's wire format at <c>/openai/deployments/{deployment}/embeddings?api-version=…</c> (the
/// target's model is the deployment) or, with <c>ApiStyle</c> = <c>v1</c>, <c>/openai/v1/embeddings</c>.
/// </summary>
internal sealed class AzureEmbeddingsAdapter : IEmbeddingsAdapter
{
    public GatewayError? WriteRequestBody(EmbeddingsRequest request, UpstreamTarget target, IBufferWriter<byte> body) =>
        (AzureOpenAiEndpoint.UsesDeploymentPath(target) ? ProviderUris.RefuseDotSegment(target) : null)
        ?? OpenAiEmbeddingsBodyWriter.Write(request, target, OpenAiEmbeddingsDialects.OpenAi, body);

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.RequestUri = AzureOpenAiEndpoint.Embeddings(destinationPrefix, target);
        AzureCredentialHeaders.Apply(message, target);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, EmbeddingsRequest request, string model, ResponseOutcome outcome, IBufferWriter<byte> output) =>
        OpenAiEmbeddingsConverter.Convert(upstreamBody, request, model, outcome, output);
}
