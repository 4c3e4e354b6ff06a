using Gateway.Transforms.Embeddings;

namespace Gateway.Transforms.Providers.Cohere.Embeddings;

/// <summary>The parts of Cohere's embed wire format that Cohere's own API and Cohere models on Bedrock share.</summary>
internal static class CohereEmbedTexts
{
    /// <summary>Cohere's limit of texts per call (its API and Bedrock's).</summary>
    public const int MaxTexts = 96;

    /// <summary><c>texts</c>, <c>input_type</c> and <c>embedding_types: ["float"]</c>.</summary>
    public static void Write(Utf8JsonWriter json, EmbeddingsRequest request)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(request);
        json.WritePropertyName("texts"u8);
        json.WriteStartArray();
        foreach (var text in request.Texts)
        {
            json.WriteStringValue(text);
        }
        json.WriteEndArray();
        json.WriteString("input_type"u8, request.InputType ?? CohereEmbeddingsAdapter.DefaultInputType);
        json.WritePropertyName("embedding_types"u8);
        json.WriteStartArray();
        json.WriteStringValue("float"u8);
        json.WriteEndArray();
    }

    /// <summary>
    /// The float vectors of an answer: <c>embeddings.float</c> (<c>embeddings_by_type</c>, asked for with <c>embedding_types</c>),
    /// or <c>embeddings</c> itself (<c>embeddings_floats</c>, the older form).
    /// </summary>
    public static JsonElement FloatVectors(JsonElement root)
    {
        if (!root.TryGetProperty("embeddings"u8, out var embeddings))
        {
            throw new UpstreamFormatException("The Cohere answer has no 'embeddings'.");
        }
        if (embeddings.ValueKind == JsonValueKind.Object)
        {
            return embeddings.TryGetProperty("float"u8, out var floats)
                ? floats
                : throw new UpstreamFormatException("The Cohere answer has no 'embeddings.float'.");
        }
        return embeddings;
    }
}
