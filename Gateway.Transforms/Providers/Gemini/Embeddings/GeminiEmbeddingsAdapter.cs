using Gateway.Transforms.Embeddings;

namespace Gateway.Transforms.Providers.Gemini.Embeddings;

/// <summary>
/// Gemini's <c>models/{model}:batchEmbedContents</c>: one <c>EmbedContentRequest</c> per input (text parts only, so token
/// ids are refused), <c>dimensions</c> as <c>outputDimensionality</c>, the gateway's <c>input_type</c> as <c>taskType</c>.
/// The answer (<c>embeddings[].values</c>) reports no usage: the pipeline estimates the input tokens and says so.
/// </summary>
internal sealed class GeminiEmbeddingsAdapter : IEmbeddingsAdapter
{
    private const string ApiKeyHeader = "x-goog-api-key";

    public GatewayError? WriteRequestBody(EmbeddingsRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        if (request.InputKind == EmbeddingsInputKind.Tokens)
        {
            return GatewayError.InvalidRequest("Gemini embeds text only; send 'input' as strings for this model.", "input", "unsupported_parameter");
        }
        var resource = target.Model.StartsWith("models/", StringComparison.Ordinal) ? target.Model : "models/" + target.Model;
        var taskType = TaskType(request.InputType);
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WritePropertyName("requests"u8);
        json.WriteStartArray();
        foreach (var text in request.Texts)
        {
            json.WriteStartObject();
            json.WriteString("model"u8, resource);
            json.WritePropertyName("content"u8);
            json.WriteStartObject();
            json.WritePropertyName("parts"u8);
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("text"u8, text);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            if (taskType is not null)
            {
                json.WriteString("taskType"u8, taskType);
            }
            if (request.Dimensions is { } dimensions)
            {
                json.WriteNumber("outputDimensionality"u8, dimensions);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return null;
    }

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, GeminiEndpoint.Method(target, "batchEmbedContents")));
        // The key goes in a header, never the query string.
        message.Headers.Remove(ApiKeyHeader);
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            message.Headers.TryAddWithoutValidation(ApiKeyHeader, target.ApiKey);
        }
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, EmbeddingsRequest request, string model, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        using var document = EmbeddingsAnswers.Parse(upstreamBody);
        if (!document.RootElement.TryGetProperty("embeddings"u8, out var embeddings) || embeddings.ValueKind != JsonValueKind.Array)
        {
            throw new UpstreamFormatException("The Gemini answer has no 'embeddings' array.");
        }
        using var writer = new EmbeddingsAnswerWriter(output, request.Encoding);
        foreach (var embedding in embeddings.EnumerateArray())
        {
            if (embedding.ValueKind != JsonValueKind.Object || !embedding.TryGetProperty("values"u8, out var values))
            {
                throw new UpstreamFormatException("A Gemini embedding has no 'values'.");
            }
            writer.Add(values);
        }
        EmbeddingsAnswers.ExpectCount(writer, request.InputCount);
        // Gemini reports no token usage for embeddings: the answer says 0 and the gateway's record carries its estimate.
        writer.Complete(model, null);
    }

    /// <summary>The gateway's <c>input_type</c> (Cohere's words) as Gemini's <c>TaskType</c>.</summary>
    public static string? TaskType(string? inputType) => inputType switch
    {
        "search_document" => "RETRIEVAL_DOCUMENT",
        "search_query" => "RETRIEVAL_QUERY",
        "classification" => "CLASSIFICATION",
        "clustering" => "CLUSTERING",
        _ => null,
    };
}
