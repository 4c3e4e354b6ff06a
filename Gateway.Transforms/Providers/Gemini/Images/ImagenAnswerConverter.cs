namespace Gateway.Transforms.Providers.Gemini.Images;

/// <summary>
/// Imagen's <c>{"predictions":[{"bytesBase64Encoded","mimeType"}]}</c> as OpenAI's images answer
/// <c>{"created","data":[{"b64_json"}]}</c>. A prediction without image bytes (one Google's safety filter removed,
/// which carries <c>raiFilteredReason</c>) is left out, so the count billed is the images returned.
/// </summary>
public static class ImagenAnswerConverter
{
    /// <returns>The number of images written.</returns>
    public static int Convert(ReadOnlyMemory<byte> upstream, long created, IBufferWriter<byte> output)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(upstream);
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException($"The Imagen answer is not valid JSON: {ex.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new UpstreamFormatException("The Imagen answer is not a JSON object.");
            }
            using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
            writer.WriteStartObject();
            writer.WriteNumber("created"u8, created);
            writer.WriteStartArray("data"u8);
            var count = 0;
            if (root.TryGetProperty("predictions"u8, out var predictions))
            {
                if (predictions.ValueKind != JsonValueKind.Array)
                {
                    throw new UpstreamFormatException("The Imagen answer's predictions is not an array.");
                }
                foreach (var prediction in predictions.EnumerateArray())
                {
                    if (prediction.ValueKind == JsonValueKind.Object && prediction.TryGetProperty("bytesBase64Encoded"u8, out var bytes)
                        && bytes.ValueKind == JsonValueKind.String)
                    {
                        writer.WriteStartObject();
                        writer.WritePropertyName("b64_json"u8);
                        bytes.WriteTo(writer);
                        writer.WriteEndObject();
                        count++;
                    }
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            return count;
        }
    }
}
