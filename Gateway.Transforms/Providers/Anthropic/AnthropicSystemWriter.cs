namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Writes the top-level <c>system</c> text blocks: the Messages API has no system role, so every <c>system</c> and
/// <c>developer</c> message, wherever it stands in the conversation, is hoisted here in order.
/// </summary>
internal static class AnthropicSystemWriter
{
    /// <summary>
    /// <c>json_object</c> has no schema to force through a tool, so the model is told instead (OpenAI likewise requires
    /// the prompt to ask for JSON in this mode).
    /// </summary>
    public const string JsonObjectInstruction =
        "Respond with a single valid JSON object and nothing else: no text before or after it and no Markdown code fence.";

    public static void Write(JsonElement messages, bool jsonObjectMode, Utf8JsonWriter json)
    {
        var started = false;
        foreach (var text in new SystemMessageTexts(messages))
        {
            WriteBlock(json, text, ref started);
        }

        if (jsonObjectMode)
        {
            Begin(json, ref started);
            json.WriteStartObject();
            json.WriteString("type"u8, "text"u8);
            json.WriteString("text"u8, JsonObjectInstruction);
            json.WriteEndObject();
        }

        if (started)
        {
            json.WriteEndArray();
        }
    }

    private static void WriteBlock(Utf8JsonWriter json, JsonElement text, ref bool started)
    {
        // Anthropic rejects empty text blocks.
        if (text.ValueEquals(""u8))
        {
            return;
        }
        Begin(json, ref started);
        AnthropicContentWriter.WriteTextBlock(json, text);
    }

    private static void Begin(Utf8JsonWriter json, ref bool started)
    {
        if (!started)
        {
            json.WritePropertyName("system"u8);
            json.WriteStartArray();
            started = true;
        }
    }
}
