using Gateway.Transforms.Validation;

namespace Gateway.Transforms.OpenAI;

/// <summary>Checks one entry of <c>messages</c> against OpenAI's schema, naming the offending field.</summary>
internal static class ChatMessageValidator
{
    public static GatewayError? Validate(JsonElement message, int index)
    {
        var path = $"messages[{index}]";
        if (message.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType(path, "an object");
        }
        if (!message.TryGetProperty("role"u8, out var role) || role.ValueKind != JsonValueKind.String)
        {
            return FieldChecks.Missing($"{path}.role");
        }

        if (message.TryGetProperty("name"u8, out var name) && name.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType($"{path}.name", "a string");
        }

        var hasContent = message.TryGetProperty("content"u8, out var content) && content.ValueKind != JsonValueKind.Null;
        if (role.ValueEquals("system"u8) || role.ValueEquals("developer"u8))
        {
            return hasContent ? ValidateContent(content, path, allowImages: false) : FieldChecks.Missing($"{path}.content");
        }
        if (role.ValueEquals("user"u8))
        {
            return hasContent ? ValidateContent(content, path, allowImages: true) : FieldChecks.Missing($"{path}.content");
        }
        if (role.ValueEquals("assistant"u8))
        {
            var hasToolCalls = message.TryGetProperty("tool_calls"u8, out var toolCalls) && toolCalls.ValueKind != JsonValueKind.Null;
            if (hasToolCalls)
            {
                var error = ValidateToolCalls(toolCalls, path);
                if (error is not null)
                {
                    return error;
                }
            }
            return hasContent ? ValidateContent(content, path, allowImages: false) : null;
        }
        if (role.ValueEquals("tool"u8))
        {
            if (!message.TryGetProperty("tool_call_id"u8, out var id) || id.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"{path}.tool_call_id");
            }
            return hasContent ? ValidateContent(content, path, allowImages: false) : FieldChecks.Missing($"{path}.content");
        }
        if (role.ValueEquals("function"u8))
        {
            return null;
        }
        return GatewayError.InvalidRequest(
            $"Invalid value: '{role.GetString()}'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.",
            $"{path}.role", "invalid_value");
    }

    /// <summary>Whether any message has a content part of the given type.</summary>
    public static bool ContainsPart(JsonElement messages, ReadOnlySpan<byte> partType)
    {
        foreach (var message in messages.EnumerateArray())
        {
            if (!message.TryGetProperty("content"u8, out var content) || content.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var part in content.EnumerateArray())
            {
                if (part.TryGetProperty("type"u8, out var type) && type.ValueEquals(partType))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static GatewayError? ValidateContent(JsonElement content, string path, bool allowImages)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return null;
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType($"{path}.content", "a string or an array of content parts");
        }

        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{i}]";
            if (part.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.InvalidType(partPath, "an object");
            }
            if (!part.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"{partPath}.type");
            }
            if (type.ValueEquals("text"u8))
            {
                if (!part.TryGetProperty("text"u8, out var text) || text.ValueKind != JsonValueKind.String)
                {
                    return FieldChecks.Missing($"{partPath}.text");
                }
            }
            else if (type.ValueEquals("image_url"u8))
            {
                if (!allowImages)
                {
                    return GatewayError.InvalidRequest($"Image content is only allowed in user messages ('{partPath}').", $"{partPath}.type", "invalid_value");
                }
                if (!part.TryGetProperty("image_url"u8, out var image) || image.ValueKind != JsonValueKind.Object
                    || !image.TryGetProperty("url"u8, out var url) || url.ValueKind != JsonValueKind.String)
                {
                    return FieldChecks.Missing($"{partPath}.image_url.url");
                }
            }
            else if (type.ValueEquals("input_audio"u8) || type.ValueEquals("file"u8))
            {
                var field = type.ValueEquals("file"u8) ? "file" : "input_audio";
                if (!part.TryGetProperty(field, out var payload) || payload.ValueKind != JsonValueKind.Object)
                {
                    return FieldChecks.Missing($"{partPath}.{field}");
                }
            }
            else if (type.ValueEquals("refusal"u8))
            {
                if (part.TryGetProperty("refusal"u8, out var refusal) && refusal.ValueKind != JsonValueKind.String)
                {
                    return FieldChecks.InvalidType($"{partPath}.refusal", "a string");
                }
            }
            else
            {
                return GatewayError.InvalidRequest(
                    $"Invalid value: '{type.GetString()}'. Supported values are: 'text', 'image_url', 'input_audio', 'file' and 'refusal'.",
                    $"{partPath}.type", "invalid_value");
            }
            i++;
        }
        return null;
    }

    private static GatewayError? ValidateToolCalls(JsonElement toolCalls, string path)
    {
        if (toolCalls.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType($"{path}.tool_calls", "an array");
        }
        var i = 0;
        foreach (var call in toolCalls.EnumerateArray())
        {
            var callPath = $"{path}.tool_calls[{i}]";
            if (call.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.InvalidType(callPath, "an object");
            }
            if (!call.TryGetProperty("id"u8, out var id) || id.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"{callPath}.id");
            }
            if (call.TryGetProperty("type"u8, out var callType) && callType.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return FieldChecks.InvalidType($"{callPath}.type", "a string");
            }
            if (!call.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.Missing($"{callPath}.function");
            }
            if (!function.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"{callPath}.function.name");
            }
            if (function.TryGetProperty("arguments"u8, out var arguments) && arguments.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.InvalidType($"{callPath}.function.arguments", "a string");
            }
            i++;
        }
        return null;
    }
}
