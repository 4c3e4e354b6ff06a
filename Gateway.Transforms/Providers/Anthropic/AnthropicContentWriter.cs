namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>Writes single Anthropic content blocks from OpenAI message parts.</summary>
internal static class AnthropicContentWriter
{
    /// <summary><c>{"type":"text","text":…}</c>, the string copied as the client escaped it.</summary>
    public static void WriteTextBlock(Utf8JsonWriter json, JsonElement text)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WritePropertyName("text"u8);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(text), skipInputValidation: true);
        json.WriteEndObject();
    }

    /// <summary>
    /// An <c>image_url</c> part: a base64 data URL becomes a <c>base64</c> source, an http(s) URL a <c>url</c> source
    /// (Anthropic fetches it). Other schemes cannot be expressed.
    /// </summary>
    public static GatewayError? WriteImageBlock(Utf8JsonWriter json, JsonElement url, JsonStringScratch scratch, string param)
    {
        var raw = JsonMarshal.GetRawUtf8Value(url);
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var value = scratch.Unescape(ref reader);

        if (StartsWithIgnoreCase(value, "data:"u8))
        {
            var comma = value.IndexOf((byte)',');
            var header = comma < 0 ? default : value[5..comma];
            if (comma < 0 || !EndsWithIgnoreCase(header, ";base64"u8))
            {
                return GatewayError.InvalidRequest($"Invalid value for '{param}': data URLs must be base64-encoded (data:<media type>;base64,<data>).", param, "invalid_value");
            }
            var semicolon = header.IndexOf((byte)';');
            var mediaType = header[..semicolon];
            if (mediaType.IsEmpty)
            {
                return GatewayError.InvalidRequest($"Invalid value for '{param}': the data URL has no media type.", param, "invalid_value");
            }
            json.WriteStartObject();
            json.WriteString("type"u8, "image"u8);
            json.WritePropertyName("source"u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "base64"u8);
            json.WriteString("media_type"u8, mediaType);
            json.WriteString("data"u8, value[(comma + 1)..]);
            json.WriteEndObject();
            json.WriteEndObject();
            return null;
        }

        if (StartsWithIgnoreCase(value, "https://"u8) || StartsWithIgnoreCase(value, "http://"u8))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "image"u8);
            json.WritePropertyName("source"u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "url"u8);
            json.WritePropertyName("url"u8);
            json.WriteRawValue(raw, skipInputValidation: true);
            json.WriteEndObject();
            json.WriteEndObject();
            return null;
        }

        return GatewayError.InvalidRequest(
            $"Invalid value for '{param}': Anthropic accepts images as http(s) URLs or base64 data URLs.", param, "invalid_value");
    }

    /// <summary>
    /// An assistant <c>tool_calls</c> entry becomes a <c>tool_use</c> block whose <c>input</c> is the parsed
    /// <c>arguments</c> string, which must therefore hold a JSON object (an empty string means no arguments).
    /// </summary>
    public static GatewayError? WriteToolUseBlock(Utf8JsonWriter json, JsonElement call, string path)
    {
        var function = call.GetProperty("function"u8);
        ReadOnlySpan<byte> input = "{}"u8;
        if (function.TryGetProperty("arguments"u8, out var arguments) && arguments.ValueKind == JsonValueKind.String)
        {
            var text = Encoding.UTF8.GetBytes(arguments.GetString()!).AsSpan().Trim(" \t\r\n"u8);
            if (!text.IsEmpty)
            {
                if (!JsonObjectText.IsObject(text))
                {
                    var param = $"{path}.function.arguments";
                    return GatewayError.InvalidRequest(
                        $"Invalid value for '{param}': the arguments must be a JSON object encoded as a string.", param, "invalid_value");
                }
                input = text;
            }
        }

        json.WriteStartObject();
        json.WriteString("type"u8, "tool_use"u8);
        json.WritePropertyName("id"u8);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(call.GetProperty("id"u8)), skipInputValidation: true);
        json.WritePropertyName("name"u8);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(function.GetProperty("name"u8)), skipInputValidation: true);
        json.WritePropertyName("input"u8);
        json.WriteRawValue(input, skipInputValidation: true);
        json.WriteEndObject();
        return null;
    }

    /// <summary>A <c>tool</c> message becomes a <c>tool_result</c> block; its text is the block's content.</summary>
    public static void WriteToolResultBlock(Utf8JsonWriter json, JsonElement message)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "tool_result"u8);
        json.WritePropertyName("tool_use_id"u8);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(message.GetProperty("tool_call_id"u8)), skipInputValidation: true);
        var content = message.GetProperty("content"u8);
        if (content.ValueKind == JsonValueKind.String)
        {
            if (!content.ValueEquals(""u8))
            {
                json.WritePropertyName("content"u8);
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(content), skipInputValidation: true);
            }
        }
        else
        {
            var started = false;
            foreach (var part in content.EnumerateArray())
            {
                if (!part.GetProperty("type"u8).ValueEquals("text"u8) || part.GetProperty("text"u8).ValueEquals(""u8))
                {
                    continue;
                }
                if (!started)
                {
                    json.WritePropertyName("content"u8);
                    json.WriteStartArray();
                    started = true;
                }
                WriteTextBlock(json, part.GetProperty("text"u8));
            }
            if (started)
            {
                json.WriteEndArray();
            }
        }
        json.WriteEndObject();
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> prefix) =>
        value.Length >= prefix.Length && Ascii.EqualsIgnoreCase(value[..prefix.Length], prefix);

    private static bool EndsWithIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> suffix) =>
        value.Length >= suffix.Length && Ascii.EqualsIgnoreCase(value[^suffix.Length..], suffix);
}
