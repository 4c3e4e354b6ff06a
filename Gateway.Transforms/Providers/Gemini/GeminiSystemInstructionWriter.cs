namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Writes every system and developer message as <c>systemInstruction: {parts: [{text}]}</c>. Gemini has one
/// instruction slot per request, so instructions from anywhere in the conversation are gathered there in order.
/// </summary>
internal static class GeminiSystemInstructionWriter
{
    public static void Write(Utf8JsonWriter json, JsonElement messages, GeminiStringDecoder strings)
    {
        var open = false;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.GetProperty("role"u8);
            if (!role.ValueEquals("system"u8) && !role.ValueEquals("developer"u8))
            {
                continue;
            }
            var content = message.GetProperty("content"u8);
            if (content.ValueKind == JsonValueKind.String)
            {
                WritePart(json, content, strings, ref open);
                continue;
            }
            foreach (var part in content.EnumerateArray())
            {
                if (part.TryGetProperty("text"u8, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    WritePart(json, text, strings, ref open);
                }
            }
        }
        if (open)
        {
            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    private static void WritePart(Utf8JsonWriter json, JsonElement text, GeminiStringDecoder strings, ref bool open)
    {
        var value = strings.Utf8(text);
        if (value.IsEmpty)
        {
            return;
        }
        if (!open)
        {
            json.WritePropertyName("systemInstruction"u8);
            json.WriteStartObject();
            json.WritePropertyName("parts"u8);
            json.WriteStartArray();
            open = true;
        }
        json.WriteStartObject();
        json.WriteString("text"u8, value);
        json.WriteEndObject();
    }
}
