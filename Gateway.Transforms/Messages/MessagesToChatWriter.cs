namespace Gateway.Transforms.Messages;

/// <summary>
/// Writes a validated Messages request as the gateway's chat request, for every provider kind but Anthropic: the system
/// prompt as a system message, tool results as <c>tool</c> messages ahead of the user's other blocks, tool uses as
/// <c>tool_calls</c>, images as <c>image_url</c> parts (data URLs for base64), PDFs as <c>file</c> parts, Anthropic's
/// sampling and tool settings as their chat equivalents. What only Anthropic can be sent (prompt-caching marks, signed
/// thinking blocks) is left out; what cannot be expressed at all is reported, for other targets to refuse.
/// </summary>
internal static class MessagesToChatWriter
{
    /// <returns>The 400 a non-Anthropic target answers, when the request holds something it cannot express; else null.</returns>
    public static GatewayError? Write(JsonElement root, IBufferWriter<byte> output, bool countTokens)
    {
        GatewayError? untranslatable = null;
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, root.GetProperty("model"u8).GetString());
        if (!countTokens && root.TryGetProperty("max_tokens"u8, out var maxTokens))
        {
            json.WriteNumber("max_tokens"u8, maxTokens.GetInt32());
        }
        var stream = !countTokens && root.TryGetProperty("stream"u8, out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
        if (stream)
        {
            json.WriteBoolean("stream"u8, true);
            // The usage chunk ends every translated stream: Anthropic's message_delta carries the output tokens.
            json.WritePropertyName("stream_options"u8);
            json.WriteStartObject();
            json.WriteBoolean("include_usage"u8, true);
            json.WriteEndObject();
        }
        CopyNumber(root, json, "temperature"u8);
        CopyNumber(root, json, "top_p"u8);
        CopyNumber(root, json, "top_k"u8);
        if (root.TryGetProperty("stop_sequences"u8, out var stops) && stops.ValueKind == JsonValueKind.Array && stops.GetArrayLength() > 0)
        {
            json.WritePropertyName("stop"u8);
            stops.WriteTo(json);
        }
        if (root.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("user_id"u8, out var user) && user.ValueKind == JsonValueKind.String)
        {
            json.WriteString("user"u8, user.GetString());
        }

        json.WritePropertyName("messages"u8);
        json.WriteStartArray();
        WriteSystem(root, json);
        var index = 0;
        foreach (var message in root.GetProperty("messages"u8).EnumerateArray())
        {
            var path = $"messages[{index}]";
            var error = message.GetProperty("role"u8).ValueEquals("assistant"u8)
                ? WriteAssistant(message.GetProperty("content"u8), json, path)
                : WriteUser(message.GetProperty("content"u8), json, path);
            untranslatable ??= error;
            index++;
        }
        json.WriteEndArray();

        untranslatable ??= WriteTools(root, json);
        WriteToolChoice(root, json);
        json.WriteEndObject();
        return untranslatable;
    }

    private static void CopyNumber(JsonElement root, Utf8JsonWriter json, ReadOnlySpan<byte> name)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            json.WritePropertyName(name);
            value.WriteTo(json);
        }
    }

    private static void WriteSystem(JsonElement root, Utf8JsonWriter json)
    {
        if (!root.TryGetProperty("system"u8, out var system))
        {
            return;
        }
        string? text = system.ValueKind switch
        {
            JsonValueKind.String => system.GetString(),
            JsonValueKind.Array => JoinTexts(system, "\n\n"),
            _ => null,
        };
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        json.WriteStartObject();
        json.WriteString("role"u8, "system"u8);
        json.WriteString("content"u8, text);
        json.WriteEndObject();
    }

    private static GatewayError? WriteUser(JsonElement content, Utf8JsonWriter json, string path)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteTextMessage(json, "user"u8, content.GetString()!);
            return null;
        }
        GatewayError? error = null;
        // Chat needs every tool result right after the assistant's calls: they go first, as tool messages.
        var i = 0;
        var others = 0;
        foreach (var block in content.EnumerateArray())
        {
            if (block.GetProperty("type"u8).ValueEquals("tool_result"u8))
            {
                error ??= WriteToolResult(block, json, $"{path}.content[{i}]");
            }
            else
            {
                others++;
            }
            i++;
        }
        if (others == 0 && i > 0)
        {
            return error;
        }
        json.WriteStartObject();
        json.WriteString("role"u8, "user"u8);
        json.WritePropertyName("content"u8);
        json.WriteStartArray();
        i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var type = block.GetProperty("type"u8);
            var blockPath = $"{path}.content[{i++}]";
            if (type.ValueEquals("tool_result"u8))
            {
                continue;
            }
            if (type.ValueEquals("text"u8))
            {
                WriteTextPart(json, block.GetProperty("text"u8).GetString()!);
            }
            else if (type.ValueEquals("image"u8))
            {
                WriteImagePart(block.GetProperty("source"u8), json);
            }
            else if (type.ValueEquals("document"u8))
            {
                error ??= WriteDocumentPart(block, json, blockPath);
            }
            else if (!type.ValueEquals("thinking"u8) && !type.ValueEquals("redacted_thinking"u8))
            {
                error ??= NotTranslatable($"{blockPath}.type", $"a '{type.GetString()}' block");
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return error;
    }

    private static GatewayError? WriteToolResult(JsonElement block, Utf8JsonWriter json, string path)
    {
        GatewayError? error = null;
        string text;
        if (!block.TryGetProperty("content"u8, out var content) || content.ValueKind == JsonValueKind.Null)
        {
            text = string.Empty;
        }
        else if (content.ValueKind == JsonValueKind.String)
        {
            text = content.GetString()!;
        }
        else
        {
            foreach (var part in content.EnumerateArray())
            {
                if (!part.GetProperty("type"u8).ValueEquals("text"u8))
                {
                    error = NotTranslatable($"{path}.content", "a tool result with other than text blocks");
                    break;
                }
            }
            text = JoinTexts(content, "\n");
        }
        json.WriteStartObject();
        json.WriteString("role"u8, "tool"u8);
        json.WriteString("tool_call_id"u8, block.GetProperty("tool_use_id"u8).GetString());
        json.WriteString("content"u8, text);
        json.WriteEndObject();
        return error;
    }

    private static GatewayError? WriteAssistant(JsonElement content, Utf8JsonWriter json, string path)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteTextMessage(json, "assistant"u8, content.GetString()!);
            return null;
        }
        GatewayError? error = null;
        var text = new StringBuilder();
        var calls = 0;
        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var type = block.GetProperty("type"u8);
            if (type.ValueEquals("text"u8))
            {
                text.Append(block.GetProperty("text"u8).GetString());
            }
            else if (type.ValueEquals("tool_use"u8))
            {
                calls++;
            }
            else if (!type.ValueEquals("thinking"u8) && !type.ValueEquals("redacted_thinking"u8))
            {
                // Signed thinking is Anthropic's to verify; other providers neither need nor accept it back.
                error ??= NotTranslatable($"{path}.content[{i}].type", $"a '{type.GetString()}' block");
            }
            i++;
        }
        json.WriteStartObject();
        json.WriteString("role"u8, "assistant"u8);
        if (text.Length == 0 && calls > 0)
        {
            json.WriteNull("content"u8);
        }
        else
        {
            json.WriteString("content"u8, text.ToString());
        }
        if (calls > 0)
        {
            json.WritePropertyName("tool_calls"u8);
            json.WriteStartArray();
            foreach (var block in content.EnumerateArray())
            {
                if (!block.GetProperty("type"u8).ValueEquals("tool_use"u8))
                {
                    continue;
                }
                json.WriteStartObject();
                json.WriteString("id"u8, block.GetProperty("id"u8).GetString());
                json.WriteString("type"u8, "function"u8);
                json.WritePropertyName("function"u8);
                json.WriteStartObject();
                json.WriteString("name"u8, block.GetProperty("name"u8).GetString());
                json.WriteString("arguments"u8, block.TryGetProperty("input"u8, out var input) ? input.GetRawText() : "{}");
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        return error;
    }

    private static void WriteImagePart(JsonElement source, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "image_url"u8);
        json.WritePropertyName("image_url"u8);
        json.WriteStartObject();
        json.WriteString("url"u8, SourceUrl(source));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static GatewayError? WriteDocumentPart(JsonElement block, Utf8JsonWriter json, string path)
    {
        var source = block.GetProperty("source"u8);
        var type = source.GetProperty("type"u8);
        if (type.ValueEquals("text"u8) && source.TryGetProperty("data"u8, out var data) && data.ValueKind == JsonValueKind.String)
        {
            WriteTextPart(json, data.GetString()!);
            return null;
        }
        if (!type.ValueEquals("base64"u8))
        {
            return NotTranslatable($"{path}.source.type", $"a document from a '{type.GetString()}' source");
        }
        json.WriteStartObject();
        json.WriteString("type"u8, "file"u8);
        json.WritePropertyName("file"u8);
        json.WriteStartObject();
        json.WriteString("filename"u8, block.TryGetProperty("title"u8, out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : "document.pdf");
        json.WriteString("file_data"u8, SourceUrl(source));
        json.WriteEndObject();
        json.WriteEndObject();
        return null;
    }

    /// <summary>A base64 source as a data URL; a URL source as it is.</summary>
    private static string SourceUrl(JsonElement source) =>
        source.GetProperty("type"u8).ValueEquals("url"u8)
            ? source.GetProperty("url"u8).GetString()!
            : $"data:{source.GetProperty("media_type"u8).GetString()};base64,{source.GetProperty("data"u8).GetString()}";

    private static GatewayError? WriteTools(JsonElement root, Utf8JsonWriter json)
    {
        if (!root.TryGetProperty("tools"u8, out var tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return null;
        }
        GatewayError? error = null;
        json.WritePropertyName("tools"u8);
        json.WriteStartArray();
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (!tool.TryGetProperty("input_schema"u8, out var schema))
            {
                // Anthropic's server tools (web search, code execution, …) have a type and no schema.
                error ??= NotTranslatable($"tools[{i}]", $"the server tool '{tool.GetProperty("name"u8).GetString()}'");
                i++;
                continue;
            }
            json.WriteStartObject();
            json.WriteString("type"u8, "function"u8);
            json.WritePropertyName("function"u8);
            json.WriteStartObject();
            json.WriteString("name"u8, tool.GetProperty("name"u8).GetString());
            if (tool.TryGetProperty("description"u8, out var description) && description.ValueKind == JsonValueKind.String)
            {
                json.WriteString("description"u8, description.GetString());
            }
            json.WritePropertyName("parameters"u8);
            schema.WriteTo(json);
            json.WriteEndObject();
            json.WriteEndObject();
            i++;
        }
        json.WriteEndArray();
        return error;
    }

    private static void WriteToolChoice(JsonElement root, Utf8JsonWriter json)
    {
        if (!root.TryGetProperty("tool_choice"u8, out var choice) || choice.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var type = choice.GetProperty("type"u8);
        if (type.ValueEquals("tool"u8))
        {
            json.WritePropertyName("tool_choice"u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "function"u8);
            json.WritePropertyName("function"u8);
            json.WriteStartObject();
            json.WriteString("name"u8, choice.GetProperty("name"u8).GetString());
            json.WriteEndObject();
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("tool_choice"u8, type.ValueEquals("any"u8) ? "required"u8 : type.ValueEquals("none"u8) ? "none"u8 : "auto"u8);
        }
        if (choice.TryGetProperty("disable_parallel_tool_use"u8, out var disable) && disable.ValueKind == JsonValueKind.True)
        {
            json.WriteBoolean("parallel_tool_calls"u8, false);
        }
    }

    private static void WriteTextMessage(Utf8JsonWriter json, ReadOnlySpan<byte> role, string text)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, role);
        json.WriteString("content"u8, text);
        json.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, text);
        json.WriteEndObject();
    }

    private static string JoinTexts(JsonElement blocks, string separator)
    {
        var text = new StringBuilder();
        foreach (var block in blocks.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("text"u8, out var part) && part.ValueKind == JsonValueKind.String)
            {
                if (text.Length > 0)
                {
                    text.Append(separator);
                }
                text.Append(part.GetString());
            }
        }
        return text.ToString();
    }

    private static GatewayError NotTranslatable(string param, string what) =>
        GatewayError.InvalidRequest($"Only Anthropic targets can be sent {what}; this model's providers cannot.", param, "unsupported_for_provider");
}
