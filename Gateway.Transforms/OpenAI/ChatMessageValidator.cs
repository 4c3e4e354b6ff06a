using Gateway.Transforms.Validation;

namespace Gateway.Transforms.OpenAI;

/// <summary>
/// Checks one entry of <c>messages</c> against OpenAI's schema, naming the offending field, and notes the kinds of
/// content part it carries on the way. Field paths are built only for an error: a valid request allocates none.
/// </summary>
internal static class ChatMessageValidator
{
    /// <param name="images">Set when the message has an <c>image_url</c> part (complete when the answer is null).</param>
    /// <param name="audio">Set when the message has an <c>input_audio</c> part.</param>
    public static GatewayError? Validate(JsonElement message, int index, ref bool images, ref bool audio)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType(PathOf(index), "an object");
        }
        if (!message.TryGetProperty("role"u8, out var role) || role.ValueKind != JsonValueKind.String)
        {
            return FieldChecks.Missing($"{PathOf(index)}.role");
        }

        if (message.TryGetProperty("name"u8, out var name) && name.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType($"{PathOf(index)}.name", "a string");
        }

        var hasContent = message.TryGetProperty("content"u8, out var content) && content.ValueKind != JsonValueKind.Null;
        if (role.ValueEquals("system"u8) || role.ValueEquals("developer"u8))
        {
            return hasContent ? ValidateContent(content, index, allowImages: false, ref images, ref audio) : FieldChecks.Missing($"{PathOf(index)}.content");
        }
        if (role.ValueEquals("user"u8))
        {
            return hasContent ? ValidateContent(content, index, allowImages: true, ref images, ref audio) : FieldChecks.Missing($"{PathOf(index)}.content");
        }
        if (role.ValueEquals("assistant"u8))
        {
            var hasToolCalls = message.TryGetProperty("tool_calls"u8, out var toolCalls) && toolCalls.ValueKind != JsonValueKind.Null;
            if (hasToolCalls)
            {
                var error = ValidateToolCalls(toolCalls, index);
                if (error is not null)
                {
                    return error;
                }
            }
            return hasContent ? ValidateContent(content, index, allowImages: false, ref images, ref audio) : null;
        }
        if (role.ValueEquals("tool"u8))
        {
            if (!message.TryGetProperty("tool_call_id"u8, out var id) || id.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"{PathOf(index)}.tool_call_id");
            }
            return hasContent ? ValidateContent(content, index, allowImages: false, ref images, ref audio) : FieldChecks.Missing($"{PathOf(index)}.content");
        }
        if (role.ValueEquals("function"u8))
        {
            // The legacy role's content is not checked, but its parts still count for routing.
            if (hasContent && content.ValueKind == JsonValueKind.Array)
            {
                NoteParts(content, ref images, ref audio);
            }
            return null;
        }
        return GatewayError.InvalidRequest(
            $"Invalid value: '{role.GetString()}'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.",
            $"{PathOf(index)}.role", "invalid_value");
    }

    private static GatewayError? ValidateContent(JsonElement content, int index, bool allowImages, ref bool images, ref bool audio)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return null;
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType($"{PathOf(index)}.content", "a string or an array of content parts");
        }

        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.InvalidType(PartPath(index, i), "an object");
            }
            if (!part.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"{PartPath(index, i)}.type");
            }
            NotePart(type, ref images, ref audio);
            if (type.ValueEquals("text"u8))
            {
                if (!part.TryGetProperty("text"u8, out var text) || text.ValueKind != JsonValueKind.String)
                {
                    return FieldChecks.Missing($"{PartPath(index, i)}.text");
                }
            }
            else if (type.ValueEquals("image_url"u8))
            {
                if (!allowImages)
                {
                    var partPath = PartPath(index, i);
                    return GatewayError.InvalidRequest($"Image content is only allowed in user messages ('{partPath}').", $"{partPath}.type", "invalid_value");
                }
                if (!part.TryGetProperty("image_url"u8, out var image) || image.ValueKind != JsonValueKind.Object
                    || !image.TryGetProperty("url"u8, out var url) || url.ValueKind != JsonValueKind.String)
                {
                    return FieldChecks.Missing($"{PartPath(index, i)}.image_url.url");
                }
            }
            else if (type.ValueEquals("input_audio"u8) || type.ValueEquals("file"u8))
            {
                var field = type.ValueEquals("file"u8) ? "file" : "input_audio";
                if (!part.TryGetProperty(field, out var payload) || payload.ValueKind != JsonValueKind.Object)
                {
                    return FieldChecks.Missing($"{PartPath(index, i)}.{field}");
                }
            }
            else if (type.ValueEquals("refusal"u8))
            {
                if (part.TryGetProperty("refusal"u8, out var refusal) && refusal.ValueKind != JsonValueKind.String)
                {
                    return FieldChecks.InvalidType($"{PartPath(index, i)}.refusal", "a string");
                }
            }
            else
            {
                return GatewayError.InvalidRequest(
                    $"Invalid value: '{type.GetString()}'. Supported values are: 'text', 'image_url', 'input_audio', 'file' and 'refusal'.",
                    $"{PartPath(index, i)}.type", "invalid_value");
            }
            i++;
        }
        return null;
    }

    /// <summary>Routing sends a request with images or audio only to providers that take them.</summary>
    private static void NotePart(JsonElement type, ref bool images, ref bool audio)
    {
        if (type.ValueKind != JsonValueKind.String)
        {
            return;
        }
        images |= type.ValueEquals("image_url"u8);
        audio |= type.ValueEquals("input_audio"u8);
    }

    private static GatewayError? ValidateToolCalls(JsonElement toolCalls, int index)
    {
        if (toolCalls.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType($"{PathOf(index)}.tool_calls", "an array");
        }
        var i = 0;
        foreach (var call in toolCalls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.InvalidType(CallPath(index, i), "an object");
            }
            if (!call.TryGetProperty("id"u8, out var id) || id.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"{CallPath(index, i)}.id");
            }
            if (call.TryGetProperty("type"u8, out var callType) && callType.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return FieldChecks.InvalidType($"{CallPath(index, i)}.type", "a string");
            }
            if (!call.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.Missing($"{CallPath(index, i)}.function");
            }
            if (!function.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"{CallPath(index, i)}.function.name");
            }
            if (function.TryGetProperty("arguments"u8, out var arguments) && arguments.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.InvalidType($"{CallPath(index, i)}.function.arguments", "a string");
            }
            i++;
        }
        return null;
    }

    /// <summary>The parts of content no one validates (the legacy function role): objects with a type are noted.</summary>
    private static void NoteParts(JsonElement content, ref bool images, ref bool audio)
    {
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type"u8, out var type))
            {
                NotePart(type, ref images, ref audio);
            }
        }
    }

    private static string PathOf(int index) => $"messages[{index}]";

    private static string PartPath(int index, int part) => $"messages[{index}].content[{part}]";

    private static string CallPath(int index, int call) => $"messages[{index}].tool_calls[{call}]";
}
