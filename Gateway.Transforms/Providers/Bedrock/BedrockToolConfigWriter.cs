namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Writes Converse <c>toolConfig</c> from OpenAI <c>tools</c>, <c>tool_choice</c> and <c>response_format</c>:
/// <c>auto</c> → <c>{auto:{}}</c>, <c>required</c> → <c>{any:{}}</c>, a named function → <c>{tool:{name}}</c>,
/// <c>none</c> → the tools are left out. JSON mode adds <see cref="JsonAnswerTool"/> and forces it (or, next
/// to client tools the model may call, forces "some tool"). When the request declares no usable tools but the history
/// holds tool blocks, the tools are still declared (Converse rejects such a history without a <c>toolConfig</c>).
/// </summary>
internal static class BedrockToolConfigWriter
{
    private static readonly byte[] AnyObjectSchema = """{"type":"object","properties":{}}"""u8.ToArray();

    /// <summary>Rejects client tools that use the name reserved for JSON mode.</summary>
    public static GatewayError? Validate(JsonElement root)
    {
        if (!root.TryGetProperty("tools"u8, out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.GetProperty("function"u8).GetProperty("name"u8).ValueEquals(JsonAnswerTool.Utf8Name))
            {
                return GatewayError.InvalidRequest(
                    $"The tool name '{JsonAnswerTool.Name}' is reserved by the gateway for JSON mode on Amazon Bedrock.", $"tools[{i}].function.name", "invalid_value");
            }
            i++;
        }
        return null;
    }

    public static void Write(Utf8JsonWriter json, ChatRequest request, BedrockMessagesWriter history)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(history);
        var root = request.Root;
        var hasClientTools = root.TryGetProperty("tools"u8, out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0;
        var hasChoice = root.TryGetProperty("tool_choice"u8, out var choice) && choice.ValueKind != JsonValueKind.Null;
        var choiceNone = hasChoice && choice.ValueKind == JsonValueKind.String && choice.ValueEquals("none"u8);
        var useClientTools = hasClientTools && !choiceNone;
        var jsonMode = request.ResponseFormat != ResponseFormatKind.Text;
        // Tool results without the calls they answer name no tool to declare.
        var declareForHistory = !useClientTools && history.HasToolBlocks && (hasClientTools || history.HistoryToolNames.Count > 0);
        if (!useClientTools && !jsonMode && !declareForHistory)
        {
            return;
        }

        json.WritePropertyName("toolConfig"u8);
        json.WriteStartObject();
        json.WritePropertyName("tools"u8);
        json.WriteStartArray();
        if (useClientTools || (declareForHistory && hasClientTools))
        {
            foreach (var tool in tools.EnumerateArray())
            {
                WriteClientTool(json, tool.GetProperty("function"u8));
            }
        }
        else if (declareForHistory)
        {
            // Tool calls in the history need their tools declared even when this turn may not call them.
            foreach (var name in history.HistoryToolNames)
            {
                WriteToolSpec(json, name, null, AnyObjectSchema);
            }
        }
        if (jsonMode)
        {
            WriteJsonResponseTool(json, root);
        }
        json.WriteEndArray();

        if (jsonMode)
        {
            json.WritePropertyName("toolChoice"u8);
            json.WriteStartObject();
            if (useClientTools && TryGetChosenFunction(choice, hasChoice, out var chosen))
            {
                WriteSpecificChoice(json, chosen);
            }
            else if (useClientTools)
            {
                // The model may call a client tool or answer through the JSON tool, but it must not answer in prose.
                json.WritePropertyName("any"u8);
                json.WriteStartObject();
                json.WriteEndObject();
            }
            else
            {
                json.WritePropertyName("tool"u8);
                json.WriteStartObject();
                json.WriteString("name"u8, JsonAnswerTool.Utf8Name);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        else if (useClientTools && hasChoice)
        {
            WriteClientChoice(json, choice);
        }
        json.WriteEndObject();
    }

    private static void WriteClientTool(Utf8JsonWriter json, JsonElement function)
    {
        var schema = function.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind == JsonValueKind.Object
            ? JsonMarshal.GetRawUtf8Value(parameters)
            : AnyObjectSchema;
        JsonElement? description = function.TryGetProperty("description"u8, out var d) ? d : null;
        json.WriteStartObject();
        json.WritePropertyName("toolSpec"u8);
        json.WriteStartObject();
        json.WritePropertyName("name"u8);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(function.GetProperty("name"u8)), skipInputValidation: true);
        if (description is { ValueKind: JsonValueKind.String } text && !text.ValueEquals(""u8))
        {
            json.WritePropertyName("description"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(text), skipInputValidation: true);
        }
        WriteInputSchema(json, schema);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteToolSpec(Utf8JsonWriter json, string name, string? description, ReadOnlySpan<byte> schema)
    {
        json.WriteStartObject();
        json.WritePropertyName("toolSpec"u8);
        json.WriteStartObject();
        json.WriteString("name"u8, name);
        if (!string.IsNullOrEmpty(description))
        {
            json.WriteString("description"u8, description);
        }
        WriteInputSchema(json, schema);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInputSchema(Utf8JsonWriter json, ReadOnlySpan<byte> schema)
    {
        json.WritePropertyName("inputSchema"u8);
        json.WriteStartObject();
        json.WritePropertyName("json"u8);
        json.WriteRawValue(schema, skipInputValidation: true);
        json.WriteEndObject();
    }

    private static void WriteJsonResponseTool(Utf8JsonWriter json, JsonElement root)
    {
        var format = root.GetProperty("response_format"u8);
        var description = "Reply to the user with this tool: its input is the complete answer, as a JSON object.";
        ReadOnlySpan<byte> schema = """{"type":"object"}"""u8;
        if (format.TryGetProperty("json_schema"u8, out var definition) && definition.ValueKind == JsonValueKind.Object)
        {
            var name = definition.GetProperty("name"u8).GetString();
            description = $"Reply to the user with this tool: its input is the complete answer, as JSON matching the '{name}' schema.";
            if (definition.TryGetProperty("description"u8, out var about) && about.ValueKind == JsonValueKind.String && !about.ValueEquals(""u8))
            {
                description += " " + about.GetString();
            }
            if (definition.TryGetProperty("schema"u8, out var body) && body.ValueKind == JsonValueKind.Object)
            {
                schema = JsonMarshal.GetRawUtf8Value(body);
            }
        }
        WriteToolSpec(json, JsonAnswerTool.Name, description, schema);
    }

    private static void WriteClientChoice(Utf8JsonWriter json, JsonElement choice)
    {
        json.WritePropertyName("toolChoice"u8);
        json.WriteStartObject();
        if (choice.ValueKind == JsonValueKind.Object)
        {
            WriteSpecificChoice(json, choice.GetProperty("function"u8).GetProperty("name"u8));
        }
        else
        {
            json.WritePropertyName(choice.ValueEquals("required"u8) ? "any"u8 : "auto"u8);
            json.WriteStartObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteSpecificChoice(Utf8JsonWriter json, JsonElement name)
    {
        json.WritePropertyName("tool"u8);
        json.WriteStartObject();
        json.WritePropertyName("name"u8);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(name), skipInputValidation: true);
        json.WriteEndObject();
    }

    private static bool TryGetChosenFunction(JsonElement choice, bool hasChoice, out JsonElement name)
    {
        if (hasChoice && choice.ValueKind == JsonValueKind.Object)
        {
            name = choice.GetProperty("function"u8).GetProperty("name"u8);
            return true;
        }
        name = default;
        return false;
    }
}
