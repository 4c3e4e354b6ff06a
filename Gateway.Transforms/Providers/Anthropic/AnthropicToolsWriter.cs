namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Writes <c>tools</c> and <c>tool_choice</c>: OpenAI function tools become Anthropic custom tools
/// (<c>name</c>, <c>description</c>, <c>input_schema</c>), plus the answer tool for <c>json_schema</c> responses.
/// </summary>
internal static class AnthropicToolsWriter
{
    private enum Choice
    {
        Unspecified,
        Auto,
        Required,
        None,
        Named,
    }

    /// <param name="jsonSchema">The client's <c>response_format.json_schema</c>, when it asked for one.</param>
    public static GatewayError? Write(JsonElement root, JsonElement? jsonSchema, Utf8JsonWriter json)
    {
        var hasClientTools = root.TryGetProperty("tools"u8, out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0;
        if (!hasClientTools && jsonSchema is null)
        {
            // tool_choice without tools is meaningless to Anthropic, so it is dropped with them.
            return null;
        }

        if (hasClientTools)
        {
            var i = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                var name = tool.GetProperty("function"u8).GetProperty("name"u8);
                if (name.ValueEquals(JsonAnswerTool.Utf8Name))
                {
                    return GatewayError.InvalidRequest(
                        $"The function name '{JsonAnswerTool.Name}' is reserved by the gateway for JSON schema answers from Anthropic.",
                        $"tools[{i}].function.name", "invalid_value");
                }
                i++;
            }
        }

        json.WritePropertyName("tools"u8);
        json.WriteStartArray();
        if (hasClientTools)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                WriteTool(json, tool.GetProperty("function"u8));
            }
        }
        if (jsonSchema is { } schema)
        {
            AnthropicAnswerTool.WriteDefinition(json, schema);
        }
        json.WriteEndArray();

        WriteChoice(root, hasClientTools, jsonSchema is not null, json);
        return null;
    }

    private static void WriteTool(Utf8JsonWriter json, JsonElement function)
    {
        json.WriteStartObject();
        ChatFunctionFields.WriteNameAndDescription(json, function);
        json.WritePropertyName("input_schema"u8);
        if (function.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            WriteSchema(json, parameters);
        }
        else
        {
            // Anthropic requires an object schema even for a tool without parameters.
            ChatFunctionFields.WriteEmptyParameters(json);
        }
        json.WriteEndObject();
    }

    /// <summary>OpenAI tolerates a schema without <c>type</c> (often <c>{}</c>); Anthropic needs <c>"type":"object"</c> at the root.</summary>
    private static void WriteSchema(Utf8JsonWriter json, JsonElement parameters)
    {
        if (parameters.TryGetProperty("type"u8, out _))
        {
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(parameters), skipInputValidation: true);
            return;
        }
        json.WriteStartObject();
        json.WriteString("type"u8, "object"u8);
        var hasProperties = false;
        foreach (var property in parameters.EnumerateObject())
        {
            hasProperties |= property.NameEquals("properties"u8);
            property.WriteTo(json);
        }
        if (!hasProperties)
        {
            json.WritePropertyName("properties"u8);
            json.WriteStartObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteChoice(JsonElement root, bool hasClientTools, bool hasAnswerTool, Utf8JsonWriter json)
    {
        var choice = ReadChoice(root, out var chosenName);
        var parallelDisabled = root.TryGetProperty("parallel_tool_calls"u8, out var parallel) && parallel.ValueKind == JsonValueKind.False;

        if (hasAnswerTool)
        {
            // The answer must arrive as exactly one tool call, so parallel use is always off with the answer tool.
            if (!hasClientTools || choice == Choice.None)
            {
                WriteChoiceObject(json, "tool"u8, JsonAnswerTool.Utf8Name, default, disableParallel: true);
            }
            else if (choice == Choice.Named)
            {
                WriteChoiceObject(json, "tool"u8, default, chosenName, disableParallel: true);
            }
            else
            {
                // "any": the model either calls one of the client's tools or answers through the answer tool.
                WriteChoiceObject(json, "any"u8, default, default, disableParallel: true);
            }
            return;
        }

        switch (choice)
        {
            case Choice.Unspecified when parallelDisabled:
            case Choice.Auto:
                WriteChoiceObject(json, "auto"u8, default, default, parallelDisabled);
                break;
            case Choice.Required:
                WriteChoiceObject(json, "any"u8, default, default, parallelDisabled);
                break;
            case Choice.None:
                // disable_parallel_tool_use is not a field of {"type":"none"}.
                WriteChoiceObject(json, "none"u8, default, default, disableParallel: false);
                break;
            case Choice.Named:
                WriteChoiceObject(json, "tool"u8, default, chosenName, parallelDisabled);
                break;
            default:
                break;
        }
    }

    private static Choice ReadChoice(JsonElement root, out JsonElement name)
    {
        name = default;
        if (!root.TryGetProperty("tool_choice"u8, out var choice))
        {
            return Choice.Unspecified;
        }
        if (choice.ValueKind == JsonValueKind.String)
        {
            if (choice.ValueEquals("auto"u8))
            {
                return Choice.Auto;
            }
            return choice.ValueEquals("required"u8) ? Choice.Required : Choice.None;
        }
        if (choice.ValueKind == JsonValueKind.Object)
        {
            name = choice.GetProperty("function"u8).GetProperty("name"u8);
            return Choice.Named;
        }
        return Choice.Unspecified;
    }

    private static void WriteChoiceObject(Utf8JsonWriter json, ReadOnlySpan<byte> type, ReadOnlySpan<byte> literalName, JsonElement elementName, bool disableParallel)
    {
        json.WritePropertyName("tool_choice"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, type);
        if (!literalName.IsEmpty)
        {
            json.WriteString("name"u8, literalName);
        }
        else if (elementName.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("name"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(elementName), skipInputValidation: true);
        }
        if (disableParallel)
        {
            json.WriteBoolean("disable_parallel_tool_use"u8, true);
        }
        json.WriteEndObject();
    }
}
