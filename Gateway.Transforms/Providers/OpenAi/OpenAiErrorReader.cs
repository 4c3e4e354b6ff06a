namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Reads OpenAI-style error bodies: <c>{"error":{"message","type","code"}}</c>, and the looser forms
/// OpenAI-compatible servers use (<c>{"error":"…"}</c>, <c>{"message":"…"}</c>, <c>{"detail":"…"}</c>).
/// </summary>
internal static class OpenAiErrorReader
{
    public static UpstreamErrorDetail Read(ReadOnlySpan<byte> body) => ErrorBodyReader.Read(body, ReadObject);

    private static UpstreamErrorDetail ReadObject(ref Utf8JsonReader reader)
    {
        string? message = null, type = null, code = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadErrorObject(ref reader, ref message, ref type, ref code);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("detail"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    message ??= reader.GetString();
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
        return new UpstreamErrorDetail(message, type, code);
    }

    private static void ReadErrorObject(ref Utf8JsonReader reader, ref string? message, ref string? type, ref string? code)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("message"u8);
            var isType = reader.ValueTextEquals("type"u8);
            var isCode = reader.ValueTextEquals("code"u8);
            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            var text = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            if (isMessage)
            {
                message = text;
            }
            else if (isType)
            {
                type = text;
            }
            else if (isCode)
            {
                code = text;
            }
        }
    }
}
