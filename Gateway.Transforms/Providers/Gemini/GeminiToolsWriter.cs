namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Writes <c>tools: [{functionDeclarations: [{name, description, parametersJsonSchema}]}]</c> and
/// <c>toolConfig.functionCallingConfig</c> from <c>tool_choice</c> (none -> NONE, auto -> AUTO, required -> ANY,
/// a named function -> ANY restricted by <c>allowedFunctionNames</c>). OpenAI's <c>strict</c> and
/// <c>parallel_tool_calls</c> have no Gemini counterpart and are dropped.
/// </summary>
internal static class GeminiToolsWriter
{
    public static GatewayError? Write(Utf8JsonWriter json, JsonElement root)
    {
        if (!root.TryGetProperty("tools"u8, out var tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            // Without declarations there is nothing for tool_choice to configure.
            return null;
        }

        json.WritePropertyName("tools"u8);
        json.WriteStartArray();
        json.WriteStartObject();
        json.WritePropertyName("functionDeclarations"u8);
        json.WriteStartArray();
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String && !type.ValueEquals("function"u8))
            {
                return GatewayError.InvalidRequest(
                    $"Invalid value: '{type.GetString()}'. Gemini supports only 'function' tools.", $"tools[{i}].type", "invalid_value");
            }
            WriteDeclaration(json, tool.GetProperty("function"u8));
            i++;
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        if (root.TryGetProperty("tool_choice"u8, out var choice) && choice.ValueKind != JsonValueKind.Null)
        {
            WriteToolConfig(json, choice);
        }
        return null;
    }

    private static void WriteDeclaration(Utf8JsonWriter json, JsonElement function)
    {
        json.WriteStartObject();
        ChatFunctionFields.WriteNameAndDescription(json, function);
        if (function.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            json.WritePropertyName("parametersJsonSchema"u8);
            GeminiSchemaWriter.Write(json, parameters);
        }
        json.WriteEndObject();
    }

    private static void WriteToolConfig(Utf8JsonWriter json, JsonElement choice)
    {
        json.WritePropertyName("toolConfig"u8);
        json.WriteStartObject();
        json.WritePropertyName("functionCallingConfig"u8);
        json.WriteStartObject();
        if (choice.ValueKind == JsonValueKind.String)
        {
            json.WriteString("mode"u8, choice.ValueEquals("none"u8) ? "NONE"u8 : choice.ValueEquals("required"u8) ? "ANY"u8 : "AUTO"u8);
        }
        else
        {
            json.WriteString("mode"u8, "ANY"u8);
            json.WritePropertyName("allowedFunctionNames"u8);
            json.WriteStartArray();
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(choice.GetProperty("function"u8).GetProperty("name"u8)), skipInputValidation: true);
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
