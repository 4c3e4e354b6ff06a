namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Writes Cohere's <c>tools</c>, <c>tool_choice</c> and <c>strict_tools</c>. Cohere's <c>tool_choice</c> knows only
/// <c>REQUIRED</c> and <c>NONE</c> (omitted means auto), so a named choice becomes <c>REQUIRED</c> with only
/// that tool sent: the model must call a tool and has exactly one to call.
/// </summary>
internal static class CohereToolWriter
{
    private static readonly byte[] EmptyParameters = """{"type":"object","properties":{}}"""u8.ToArray();

    public static void Write(Utf8JsonWriter json, JsonElement root)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!root.TryGetProperty("tools"u8, out var tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return;
        }

        string? named = null;
        ReadOnlySpan<byte> choice = default;
        if (root.TryGetProperty("tool_choice"u8, out var toolChoice))
        {
            if (toolChoice.ValueKind == JsonValueKind.Object)
            {
                named = toolChoice.GetProperty("function"u8).GetProperty("name"u8).GetString();
                choice = "REQUIRED"u8;
            }
            else if (toolChoice.ValueEquals("required"u8))
            {
                choice = "REQUIRED"u8;
            }
            else if (toolChoice.ValueEquals("none"u8))
            {
                choice = "NONE"u8;
            }
        }

        var strict = false;
        json.WritePropertyName("tools"u8);
        json.WriteStartArray();
        foreach (var tool in tools.EnumerateArray())
        {
            var function = tool.GetProperty("function"u8);
            var name = function.GetProperty("name"u8);
            if (named is not null && !name.ValueEquals(named))
            {
                continue;
            }
            strict |= function.TryGetProperty("strict"u8, out var isStrict) && isStrict.ValueKind == JsonValueKind.True;
            WriteTool(json, function);
        }
        json.WriteEndArray();

        if (!choice.IsEmpty)
        {
            json.WriteString("tool_choice"u8, choice);
        }
        if (strict)
        {
            // Cohere's strictness is per request, not per tool: one strict tool makes them all strict.
            json.WriteBoolean("strict_tools"u8, true);
        }
    }

    private static void WriteTool(Utf8JsonWriter json, JsonElement function)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "function"u8);
        json.WritePropertyName("function"u8);
        json.WriteStartObject();
        ChatFunctionFields.WriteNameAndDescription(json, function);
        json.WritePropertyName("parameters"u8);
        if (function.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            WriteRaw(json, parameters);
        }
        else
        {
            // Cohere requires parameters; OpenAI lets a function without arguments omit them.
            json.WriteRawValue(EmptyParameters, skipInputValidation: true);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter json, JsonElement value) =>
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
}
