namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Writes OpenAI <c>messages</c> as Converse <c>system</c> and <c>messages</c>. System and developer messages (wherever
/// they stand) become system text blocks; tool results become <c>toolResult</c> blocks in a user message; assistant tool
/// calls become <c>toolUse</c> blocks. Converse requires user and assistant turns to alternate, so consecutive messages
/// that map to the same role (several tool results, a tool result followed by a user message) share one message.
/// </summary>
internal sealed class BedrockMessagesWriter
{
    /// <summary>Names of the tools called in the history, for declaring them when the request itself has no tools.</summary>
    public List<string> HistoryToolNames { get; } = [];

    /// <summary>The history holds toolUse or toolResult blocks, which Converse accepts only with a <c>toolConfig</c>.</summary>
    public bool HasToolBlocks { get; private set; }

    public GatewayError? Write(Utf8JsonWriter json, JsonElement messages)
    {
        ArgumentNullException.ThrowIfNull(json);
        WriteSystem(json, messages);

        json.WritePropertyName("messages"u8);
        json.WriteStartArray();
        string? openRole = null;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = $"messages[{index}]";
            index++;
            var role = message.GetProperty("role"u8);
            string bedrockRole;
            if (SystemMessageTexts.IsSystemRole(role))
            {
                continue;
            }
            if (role.ValueEquals("user"u8) || role.ValueEquals("tool"u8))
            {
                bedrockRole = "user";
            }
            else if (role.ValueEquals("assistant"u8))
            {
                bedrockRole = "assistant";
            }
            else
            {
                return GatewayError.InvalidRequest(
                    $"Messages with role '{role.GetString()}' are not supported by Amazon Bedrock; use 'tool' messages for tool results.", $"{path}.role", "unsupported_value");
            }

            if (!ProducesBlocks(message, role))
            {
                continue;
            }
            if (openRole != bedrockRole)
            {
                if (openRole is not null)
                {
                    EndMessage(json);
                }
                json.WriteStartObject();
                json.WriteString("role"u8, bedrockRole);
                json.WritePropertyName("content"u8);
                json.WriteStartArray();
                openRole = bedrockRole;
            }

            var error = role.ValueEquals("tool"u8) ? WriteToolResult(json, message)
                : role.ValueEquals("assistant"u8) ? WriteAssistant(json, message, path)
                : WriteUserContent(json, message.GetProperty("content"u8), path);
            if (error is not null)
            {
                return error;
            }
        }
        if (openRole is not null)
        {
            EndMessage(json);
        }
        json.WriteEndArray();
        return null;
    }

    private static void WriteSystem(Utf8JsonWriter json, JsonElement messages)
    {
        var started = false;
        foreach (var text in new SystemMessageTexts(messages))
        {
            WriteSystemText(json, text, ref started);
        }
        if (started)
        {
            json.WriteEndArray();
        }
    }

    private static void WriteSystemText(Utf8JsonWriter json, JsonElement text, ref bool started)
    {
        // Converse rejects blank system text blocks.
        if (IsEmptyString(text))
        {
            return;
        }
        if (!started)
        {
            json.WritePropertyName("system"u8);
            json.WriteStartArray();
            started = true;
        }
        json.WriteStartObject();
        WriteString(json, "text"u8, text);
        json.WriteEndObject();
    }

    private static bool ProducesBlocks(JsonElement message, JsonElement role)
    {
        if (role.ValueEquals("tool"u8))
        {
            return true;
        }
        if (role.ValueEquals("assistant"u8) && message.TryGetProperty("tool_calls"u8, out var calls)
            && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
        {
            return true;
        }
        if (!message.TryGetProperty("content"u8, out var content))
        {
            return false;
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return !IsEmptyString(content);
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var part in content.EnumerateArray())
        {
            var type = part.GetProperty("type"u8);
            if (!type.ValueEquals("text"u8) && !type.ValueEquals("refusal"u8))
            {
                return true;
            }
            if (TryGetPartText(part, out var text) && !IsEmptyString(text))
            {
                return true;
            }
        }
        return false;
    }

    private static GatewayError? WriteUserContent(Utf8JsonWriter json, JsonElement content, string path)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteTextBlock(json, content);
            return null;
        }
        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{i}]";
            i++;
            var type = part.GetProperty("type"u8);
            if (type.ValueEquals("text"u8))
            {
                WriteTextBlock(json, part.GetProperty("text"u8));
            }
            else if (type.ValueEquals("image_url"u8))
            {
                var error = BedrockImageBlockWriter.Write(json, part, partPath);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                return GatewayError.InvalidRequest(
                    $"Content parts of type '{type.GetString()}' are not supported by this Amazon Bedrock adapter.", $"{partPath}.type", "unsupported_value");
            }
        }
        return null;
    }

    private GatewayError? WriteAssistant(Utf8JsonWriter json, JsonElement message, string path)
    {
        if (message.TryGetProperty("content"u8, out var content))
        {
            if (content.ValueKind == JsonValueKind.String)
            {
                WriteTextBlock(json, content);
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in content.EnumerateArray())
                {
                    if (TryGetPartText(part, out var text))
                    {
                        WriteTextBlock(json, text);
                    }
                }
            }
        }

        if (!message.TryGetProperty("tool_calls"u8, out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var i = 0;
        foreach (var call in calls.EnumerateArray())
        {
            var function = call.GetProperty("function"u8);
            var name = function.GetProperty("name"u8).GetString()!;
            json.WriteStartObject();
            json.WritePropertyName("toolUse"u8);
            json.WriteStartObject();
            WriteString(json, "toolUseId"u8, call.GetProperty("id"u8));
            json.WriteString("name"u8, name);
            json.WritePropertyName("input"u8);
            if (!TryWriteArguments(json, function))
            {
                return GatewayError.InvalidRequest(
                    "Tool call arguments must be a JSON object encoded as a string.", $"{path}.tool_calls[{i}].function.arguments", "invalid_value");
            }
            json.WriteEndObject();
            json.WriteEndObject();
            HasToolBlocks = true;
            if (!HistoryToolNames.Contains(name))
            {
                HistoryToolNames.Add(name);
            }
            i++;
        }
        return null;
    }

    private GatewayError? WriteToolResult(Utf8JsonWriter json, JsonElement message)
    {
        HasToolBlocks = true;
        json.WriteStartObject();
        json.WritePropertyName("toolResult"u8);
        json.WriteStartObject();
        WriteString(json, "toolUseId"u8, message.GetProperty("tool_call_id"u8));
        json.WritePropertyName("content"u8);
        json.WriteStartArray();
        var content = message.GetProperty("content"u8);
        var wrote = false;
        if (content.ValueKind == JsonValueKind.String)
        {
            wrote = WriteToolResultString(json, content);
        }
        else
        {
            foreach (var part in content.EnumerateArray())
            {
                if (TryGetPartText(part, out var text) && !IsEmptyString(text))
                {
                    json.WriteStartObject();
                    WriteString(json, "text"u8, text);
                    json.WriteEndObject();
                    wrote = true;
                }
            }
        }
        if (!wrote)
        {
            // Some Converse models reject an empty result list; an empty text block is accepted by all.
            json.WriteStartObject();
            json.WriteString("text"u8, ""u8);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        return null;
    }

    /// <summary>A result that is a JSON object goes as a <c>json</c> block, anything else as text.</summary>
    private static bool WriteToolResultString(Utf8JsonWriter json, JsonElement content)
    {
        if (IsEmptyString(content))
        {
            return false;
        }
        var text = Encoding.UTF8.GetBytes(content.GetString()!);
        if (IsJsonObject(text))
        {
            json.WriteStartObject();
            json.WritePropertyName("json"u8);
            json.WriteRawValue(text, skipInputValidation: true);
            json.WriteEndObject();
            return true;
        }
        json.WriteStartObject();
        json.WriteString("text"u8, text);
        json.WriteEndObject();
        return true;
    }

    private static bool TryWriteArguments(Utf8JsonWriter json, JsonElement function)
    {
        if (!function.TryGetProperty("arguments"u8, out var arguments) || arguments.ValueKind != JsonValueKind.String || IsEmptyString(arguments))
        {
            json.WriteStartObject();
            json.WriteEndObject();
            return true;
        }
        var text = Encoding.UTF8.GetBytes(arguments.GetString()!);
        if (!IsJsonObject(text))
        {
            return false;
        }
        json.WriteRawValue(text, skipInputValidation: true);
        return true;
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> text)
    {
        var trimmed = text.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
        {
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(text);
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteTextBlock(Utf8JsonWriter json, JsonElement text)
    {
        // Converse rejects blank text blocks; an empty string carries nothing anyway.
        if (IsEmptyString(text))
        {
            return;
        }
        json.WriteStartObject();
        WriteString(json, "text"u8, text);
        json.WriteEndObject();
    }

    private static bool TryGetPartText(JsonElement part, out JsonElement text)
    {
        var type = part.GetProperty("type"u8);
        if (type.ValueEquals("text"u8))
        {
            return part.TryGetProperty("text"u8, out text);
        }
        if (type.ValueEquals("refusal"u8))
        {
            return part.TryGetProperty("refusal"u8, out text) && text.ValueKind == JsonValueKind.String;
        }
        text = default;
        return false;
    }

    private static bool IsEmptyString(JsonElement value) => value.ValueKind != JsonValueKind.String || value.ValueEquals(""u8);

    /// <summary>Copies a JSON string token verbatim (escapes and all).</summary>
    private static void WriteString(Utf8JsonWriter json, ReadOnlySpan<byte> name, JsonElement value)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }

    private static void EndMessage(Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
