using Gateway.Transforms.Embeddings;

namespace Gateway.Transforms.Providers.Cohere.Embeddings;

/// <summary>
/// Cohere's Embed API v2 (<c>POST {BaseUrl}/v2/embed</c>): <c>texts</c>, the required <c>input_type</c> (the gateway's
/// <c>input_type</c>, else <c>search_document</c>), <c>embedding_types: ["float"]</c>, <c>dimensions</c> as
/// <c>output_dimension</c> (embed-v4). The answer's <c>embeddings.float</c> and <c>meta.billed_units.input_tokens</c>.
/// </summary>
internal sealed class CohereEmbeddingsAdapter : IEmbeddingsAdapter
{
    /// <summary>What Cohere is told when the client did not say (Cohere requires it for v3 models and later).</summary>
    public const string DefaultInputType = "search_document";

    public GatewayError? WriteRequestBody(EmbeddingsRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        if (request.InputKind == EmbeddingsInputKind.Tokens)
        {
            return GatewayError.InvalidRequest("Cohere embeds text only; send 'input' as strings for this model.", "input", "unsupported_parameter");
        }
        if (request.InputCount > CohereEmbedTexts.MaxTexts)
        {
            return GatewayError.InvalidRequest($"Cohere embeds at most {CohereEmbedTexts.MaxTexts} texts per request; this one has {request.InputCount}.", "input", "invalid_value");
        }
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, target.Model);
        CohereEmbedTexts.Write(json, request);
        if (request.Dimensions is { } dimensions)
        {
            json.WriteNumber("output_dimension"u8, dimensions);
        }
        json.WriteEndObject();
        return null;
    }

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, "/v2/embed"));
        BearerRequestHeaders.Set(message, target);
    }

    public void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, EmbeddingsRequest request, string model, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        using var document = EmbeddingsAnswers.Parse(upstreamBody);
        var root = document.RootElement;
        var promptTokens = EmbeddingsAnswers.CountAt(root, "meta", "billed_units", "input_tokens");
        using var writer = new EmbeddingsAnswerWriter(output, request.Encoding);
        EmbeddingsAnswers.AddAll(writer, CohereEmbedTexts.FloatVectors(root), request.InputCount);
        writer.Complete(model, promptTokens);
        if (root.TryGetProperty("id"u8, out var id) && id.ValueKind == JsonValueKind.String)
        {
            outcome.ProviderResponseId = id.GetString();
        }
        if (promptTokens is { } tokens)
        {
            outcome.Usage = new TokenUsage(tokens, 0);
        }
    }
}
