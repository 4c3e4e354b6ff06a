namespace Gateway.Transforms.Providers.Cohere;

/// <summary>Cohere's Chat API v2 (kind <c>cohere</c>): <c>POST {BaseUrl}/v2/chat</c> with a bearer key.</summary>
public sealed class CohereAdapter : IProviderAdapter
{
    public string Kind => "cohere";

    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject | ProviderCapabilities.JsonSchema;

    public IReadOnlyList<ProviderSetting> Settings => [];

    public GatewayError? WriteRequestBody(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        var error = CohereRequestValidator.Validate(request);
        if (error is not null)
        {
            return error;
        }
        CohereRequestWriter.Write(request, target, body);
        return null;
    }

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, "/v2/chat"));
        BearerRequestHeaders.Set(message, target, stream);
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output) =>
        CohereResponseConverter.Convert(upstreamBody, context, outcome, output);

    public IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome) =>
        new CohereStreamTranscoder(context, outcome);

    public UpstreamErrorDetail ReadError(ReadOnlySpan<byte> body) => CohereErrorReader.Read(body);

    /// <summary>
    /// Cohere answers a wrong or revoked key with 401 ("invalid api token"). Its 498 (blocked input) and 499 (request
    /// cancelled) and a 404 model are about the request.
    /// </summary>
    public UpstreamFailureScope ClassifyError(int status, HttpResponseHeaders headers, in UpstreamErrorDetail detail) =>
        UpstreamFailureClassifier.ByStatus(status, status == 401);
}
