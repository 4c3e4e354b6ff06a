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
        foreach (var text in new SystemMessageTexts(messages))
        {
            WritePart(json, text, strings, ref open);
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
