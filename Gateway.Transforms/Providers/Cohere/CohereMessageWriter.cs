namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Writes Cohere's <c>messages</c> from OpenAI's. System and developer messages become one leading system message
/// (Cohere rejects a system turn that is not first); assistant tool calls carry their text as <c>tool_plan</c>.
/// Content the validator let through is copied verbatim where the shapes agree.
/// </summary>
internal static class CohereMessageWriter
{
    public static void Write(Utf8JsonWriter json, JsonElement messages)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName("messages"u8);
        json.WriteStartArray();
        WriteSystem(json, messages);
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.GetProperty("role"u8);
            if (role.ValueEquals("user"u8))
            {
                WriteUser(json, message);
            }
            else if (role.ValueEquals("assistant"u8))
            {
                WriteAssistant(json, message);
            }
            else if (role.ValueEquals("tool"u8))
            {
                WriteTool(json, message);
            }
        }
        json.WriteEndArray();
    }

    private static bool IsSystem(JsonElement message) => SystemMessageTexts.IsSystemRole(message.GetProperty("role"u8));

    private static void WriteSystem(Utf8JsonWriter json, JsonElement messages)
    {
        var count = 0;
        JsonElement single = default;
        foreach (var message in messages.EnumerateArray())
        {
            if (IsSystem(message))
            {
                single = message;
                count++;
            }
        }
        if (count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("role"u8, "system"u8);
        json.WritePropertyName("content"u8);
        if (count == 1)
        {
            WriteTextContent(json, single.GetProperty("content"u8));
        }
        else
        {
            // Several system turns keep their order as text parts of the single system message.
            json.WriteStartArray();
            foreach (var message in messages.EnumerateArray())
            {
                if (IsSystem(message))
                {
                    WriteTextParts(json, message.GetProperty("content"u8));
                }
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter json, JsonElement message)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, "user"u8);
        json.WritePropertyName("content"u8);
        var content = message.GetProperty("content"u8);
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteRaw(json, content);
        }
        else
        {
            json.WriteStartArray();
            foreach (var part in content.EnumerateArray())
            {
                if (part.GetProperty("type"u8).ValueEquals("image_url"u8))
                {
                    WriteImagePart(json, part.GetProperty("image_url"u8));
                }
                else
                {
                    WriteTextPart(json, part.GetProperty("text"u8));
                }
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>Cohere's image part has OpenAI's shape (<c>url</c> as a web URL or data URI, optional <c>detail</c>).</summary>
    private static void WriteImagePart(Utf8JsonWriter json, JsonElement image)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "image_url"u8);
        json.WritePropertyName("image_url"u8);
        json.WriteStartObject();
        json.WritePropertyName("url"u8);
        WriteRaw(json, image.GetProperty("url"u8));
        if (image.TryGetProperty("detail"u8, out var detail) && detail.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("detail"u8);
            WriteRaw(json, detail);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteAssistant(Utf8JsonWriter json, JsonElement message)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, "assistant"u8);
        var hasContent = message.TryGetProperty("content"u8, out var content) && content.ValueKind != JsonValueKind.Null && HasText(content);
        if (message.TryGetProperty("tool_calls"u8, out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array && toolCalls.GetArrayLength() > 0)
        {
            // Cohere's text ahead of tool calls is the tool plan; a client that kept our reasoning_content sends it back.
            if (message.TryGetProperty("reasoning_content"u8, out var plan) && IsNonEmptyString(plan))
            {
                json.WritePropertyName("tool_plan"u8);
                WriteRaw(json, plan);
            }
            else if (hasContent)
            {
                json.WritePropertyName("tool_plan"u8);
                WriteJoinedText(json, content);
            }
            WriteToolCalls(json, toolCalls);
        }
        else if (hasContent)
        {
            json.WritePropertyName("content"u8);
            WriteTextContent(json, content);
        }
        json.WriteEndObject();
    }

    private static void WriteToolCalls(Utf8JsonWriter json, JsonElement toolCalls)
    {
        json.WritePropertyName("tool_calls"u8);
        json.WriteStartArray();
        foreach (var call in toolCalls.EnumerateArray())
        {
            var function = call.GetProperty("function"u8);
            json.WriteStartObject();
            json.WritePropertyName("id"u8);
            WriteRaw(json, call.GetProperty("id"u8));
            json.WriteString("type"u8, "function"u8);
            json.WritePropertyName("function"u8);
            json.WriteStartObject();
            json.WritePropertyName("name"u8);
            WriteRaw(json, function.GetProperty("name"u8));
            json.WritePropertyName("arguments"u8);
            if (function.TryGetProperty("arguments"u8, out var arguments) && IsNonEmptyString(arguments))
            {
                WriteRaw(json, arguments);
            }
            else
            {
                json.WriteStringValue("{}"u8);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteTool(Utf8JsonWriter json, JsonElement message)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, "tool"u8);
        json.WritePropertyName("tool_call_id"u8);
        WriteRaw(json, message.GetProperty("tool_call_id"u8));
        json.WritePropertyName("content"u8);
        WriteTextContent(json, message.GetProperty("content"u8));
        json.WriteEndObject();
    }

    /// <summary>A string stays a string; parts become Cohere text parts (refusals are text the assistant said).</summary>
    private static void WriteTextContent(Utf8JsonWriter json, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteRaw(json, content);
            return;
        }
        json.WriteStartArray();
        WriteTextParts(json, content);
        json.WriteEndArray();
    }

    private static void WriteTextParts(Utf8JsonWriter json, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteTextPart(json, content);
            return;
        }
        foreach (var part in content.EnumerateArray())
        {
            if (part.TryGetProperty("text"u8, out var text) || part.TryGetProperty("refusal"u8, out text))
            {
                WriteTextPart(json, text);
            }
        }
    }

    private static void WriteTextPart(Utf8JsonWriter json, JsonElement text)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WritePropertyName("text"u8);
        WriteRaw(json, text);
        json.WriteEndObject();
    }

    private static void WriteJoinedText(Utf8JsonWriter json, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteRaw(json, content);
            return;
        }
        var builder = new System.Text.StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.TryGetProperty("text"u8, out var text) || part.TryGetProperty("refusal"u8, out text))
            {
                builder.Append(text.GetString());
            }
        }
        json.WriteStringValue(builder.ToString());
    }

    private static bool HasText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return IsNonEmptyString(content);
        }
        foreach (var part in content.EnumerateArray())
        {
            if ((part.TryGetProperty("text"u8, out var text) || part.TryGetProperty("refusal"u8, out text)) && IsNonEmptyString(text))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The raw value includes its quotes, so anything longer than two bytes has text.</summary>
    private static bool IsNonEmptyString(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(value).Length > 2;

    private static void WriteRaw(Utf8JsonWriter json, JsonElement value) =>
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
}
