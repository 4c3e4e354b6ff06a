namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Reads one part object (the reader is on its StartObject; it ends on the EndObject). <c>thought</c> may
/// follow <c>text</c>, so the part is read whole before it is converted.
/// </summary>
internal static class GeminiPartScanner
{
    public static GeminiPartScan Scan(ref Utf8JsonReader reader)
    {
        var part = new GeminiPartScan();
        var hasText = false;
        var hasCall = false;
        var hasName = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    part.Text = (int)reader.TokenStartIndex..(int)reader.BytesConsumed;
                    hasText = true;
                }
            }
            else if (reader.ValueTextEquals("thought"u8))
            {
                reader.Read();
                part.Thought = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("functionCall"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    hasCall = true;
                    hasName = ReadCall(ref reader, ref part);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        part.Kind = hasCall && hasName ? GeminiPartKind.FunctionCall : hasText ? GeminiPartKind.Text : GeminiPartKind.Other;
        return part;
    }

    private static bool ReadCall(ref Utf8JsonReader reader, ref GeminiPartScan part)
    {
        var hasName = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    part.Name = (int)reader.TokenStartIndex..(int)reader.BytesConsumed;
                    hasName = true;
                }
            }
            else if (reader.ValueTextEquals("args"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
                part.Args = isObject ? start..(int)reader.BytesConsumed : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return hasName;
    }
}
