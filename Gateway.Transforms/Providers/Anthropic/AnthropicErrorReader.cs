namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Reads Anthropic's error body, <c>{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_…"}</c>,
/// used both for HTTP errors and for <c>error</c> events inside a stream. The error type doubles as the code.
/// </summary>
internal static class AnthropicErrorReader
{
    public static UpstreamErrorDetail Read(ReadOnlySpan<byte> body) => ErrorBodyReader.Read(body, ReadObject);

    private static UpstreamErrorDetail ReadObject(ref Utf8JsonReader reader)
    {
        string? message = null, type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadError(ref reader, ref message, ref type);
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
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
        return new UpstreamErrorDetail(message, type, type);
    }

    private static void ReadError(ref Utf8JsonReader reader, ref string? message, ref string? type)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("message"u8);
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }
            if (isMessage)
            {
                message = reader.GetString();
            }
            else if (isType)
            {
                type = reader.GetString();
            }
        }
    }
}
