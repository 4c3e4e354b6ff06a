namespace Gateway.Transforms.Embeddings;

/// <summary>Reading helpers the providers' embeddings converters share.</summary>
internal static class EmbeddingsAnswers
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>Parses a provider's answer; throws <see cref="UpstreamFormatException"/> when it is not a JSON object.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The embeddings answer is not JSON.", ex);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new UpstreamFormatException("The embeddings answer is not a JSON object.");
        }
        return document;
    }

    /// <summary>Every vector of <paramref name="vectors"/> (an array) into the answer; the count must match the inputs.</summary>
    public static void AddAll(EmbeddingsAnswerWriter writer, JsonElement vectors, int expected)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (vectors.ValueKind != JsonValueKind.Array)
        {
            throw new UpstreamFormatException("The embeddings answer has no array of vectors.");
        }
        foreach (var vector in vectors.EnumerateArray())
        {
            writer.Add(vector);
        }
        ExpectCount(writer, expected);
    }

    public static void ExpectCount(EmbeddingsAnswerWriter writer, int expected)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.Count != expected)
        {
            throw new UpstreamFormatException($"The provider answered {writer.Count} embeddings for {expected} inputs.");
        }
    }

    /// <summary>A non-negative integer at <paramref name="path"/> (property names), or null.</summary>
    public static int? CountAt(JsonElement root, params ReadOnlySpan<string> path)
    {
        var element = root;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= 0 ? value : null;
    }
}
