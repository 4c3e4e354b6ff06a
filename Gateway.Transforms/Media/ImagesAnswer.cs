namespace Gateway.Transforms.Media;

/// <summary>OpenAI's images answer (<c>{"created", "data": [{"b64_json" | "url", …}]}</c>): how many images it carries.</summary>
public static class ImagesAnswer
{
    /// <summary>The number of entries in <c>data</c>; throws <see cref="UpstreamFormatException"/> when the answer has none.</summary>
    public static int CountImages(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The images answer is not a JSON object.");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (isData && reader.TokenType == JsonTokenType.StartArray)
                {
                    var count = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        count++;
                        reader.Skip();
                    }
                    return count;
                }
                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException($"The images answer is not valid JSON: {ex.Message}");
        }
        throw new UpstreamFormatException("The images answer has no 'data' array.");
    }
}
