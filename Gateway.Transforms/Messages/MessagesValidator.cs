using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Messages;

/// <summary>
/// Checks a Messages body against Anthropic's request shape, naming the field at fault: what the gateway reads or
/// translates must be there with the right type. Fields it neither reads nor translates are left to the provider.
/// </summary>
internal static class MessagesValidator
{
    public static GatewayError? Validate(JsonElement root, bool countTokens)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest("The request body must be a JSON object.");
        }
        if (!root.TryGetProperty("model"u8, out var model))
        {
            return Missing("model");
        }
        if (model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 })
        {
            return FieldChecks.InvalidType("model", "a non-empty string");
        }
        if (!countTokens)
        {
            if (!root.TryGetProperty("max_tokens"u8, out var maxTokens))
            {
                return Missing("max_tokens");
            }
            if (maxTokens.ValueKind != JsonValueKind.Number || !maxTokens.TryGetInt32(out var max) || max < 1)
            {
                return FieldChecks.InvalidType("max_tokens", "an integer of at least 1");
            }
        }
        if (!root.TryGetProperty("messages"u8, out var messages))
        {
            return Missing("messages");
        }
        if (FieldChecks.MessagesArray(messages) is { } invalid)
        {
            return invalid;
        }
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (ValidateMessage(message, $"messages[{index}]") is { } error)
            {
                return error;
            }
            index++;
        }
        return ValidateSystem(root) ?? ValidateScalars(root) ?? ValidateTools(root);
    }

    private static GatewayError? ValidateMessage(JsonElement message, string path)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType(path, "an object");
        }
        if (!message.TryGetProperty("role"u8, out var role) || role.ValueKind != JsonValueKind.String)
        {
            return Missing($"{path}.role");
        }
        if (!role.ValueEquals("user"u8) && !role.ValueEquals("assistant"u8))
        {
            return GatewayError.InvalidRequest($"Invalid value: '{role.GetString()}'. Supported values are: 'user' and 'assistant'.", $"{path}.role", "invalid_value");
        }
        if (!message.TryGetProperty("content"u8, out var content))
        {
            return Missing($"{path}.content");
        }
        return ValidateContent(content, $"{path}.content");
    }

    private static GatewayError? ValidateContent(JsonElement content, string path)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return null;
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType(path, "a string or an array of content blocks");
        }
        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            if (ValidateBlock(block, $"{path}[{i}]") is { } error)
            {
                return error;
            }
            i++;
        }
        return null;
    }

    private static GatewayError? ValidateBlock(JsonElement block, string path)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType(path, "an object");
        }
        if (!block.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Missing($"{path}.type");
        }
        if (type.ValueEquals("text"u8))
        {
            return ExpectString(block, "text", path);
        }
        if (type.ValueEquals("image"u8) || type.ValueEquals("document"u8))
        {
            return ValidateSource(block, path);
        }
        if (type.ValueEquals("tool_use"u8))
        {
            if ((ExpectString(block, "id", path) ?? ExpectString(block, "name", path)) is { } error)
            {
                return error;
            }
            return block.TryGetProperty("input"u8, out var input) && input.ValueKind != JsonValueKind.Object
                ? FieldChecks.InvalidType($"{path}.input", "an object")
                : null;
        }
        if (type.ValueEquals("tool_result"u8))
        {
            if (ExpectString(block, "tool_use_id", path) is { } error)
            {
                return error;
            }
            return block.TryGetProperty("content"u8, out var content) && content.ValueKind != JsonValueKind.Null
                ? ValidateContent(content, $"{path}.content")
                : null;
        }
        // thinking, redacted_thinking, search results, server tools' blocks: Anthropic's to check.
        return null;
    }

    private static GatewayError? ValidateSource(JsonElement block, string path)
    {
        if (!block.TryGetProperty("source"u8, out var source) || source.ValueKind != JsonValueKind.Object)
        {
            return Missing($"{path}.source");
        }
        if (!source.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Missing($"{path}.source.type");
        }
        if (type.ValueEquals("base64"u8))
        {
            return ExpectString(source, "media_type", $"{path}.source") ?? ExpectString(source, "data", $"{path}.source");
        }
        if (type.ValueEquals("url"u8))
        {
            return ExpectString(source, "url", $"{path}.source");
        }
        return null;
    }

    private static GatewayError? ValidateSystem(JsonElement root)
    {
        if (!root.TryGetProperty("system"u8, out var system) || system.ValueKind is JsonValueKind.String or JsonValueKind.Null)
        {
            return null;
        }
        if (system.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType("system", "a string or an array of text blocks");
        }
        var i = 0;
        foreach (var block in system.EnumerateArray())
        {
            var path = $"system[{i}]";
            if (block.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.InvalidType(path, "an object");
            }
            if (!block.TryGetProperty("type"u8, out var type) || !type.ValueEquals("text"u8))
            {
                return GatewayError.InvalidRequest($"'{path}.type' must be 'text'.", $"{path}.type", "invalid_value");
            }
            if (ExpectString(block, "text", path) is { } error)
            {
                return error;
            }
            i++;
        }
        return null;
    }

    private static GatewayError? ValidateScalars(JsonElement root) => JsonPropertyNames.FirstRefused(root, ValidateScalar);

    private static GatewayError? ValidateScalar(ReadOnlySpan<char> name, JsonProperty property) => name switch
    {
        "stream" => FieldChecks.Boolean(property),
        "temperature" or "top_p" => FieldChecks.Number(property, 0, 1),
        "top_k" => property.Value.ValueKind == JsonValueKind.Null || FieldChecks.IsNonNegativeInteger(property.Value)
            ? null : FieldChecks.InvalidType("top_k", "a non-negative integer"),
        // Unlike OpenAI's stop, a wrong item is named by the whole field.
        "stop_sequences" => property.Value.ValueKind == JsonValueKind.Null || (property.Value.ValueKind == JsonValueKind.Array && FieldChecks.AllStrings(property.Value))
            ? null : FieldChecks.InvalidType("stop_sequences", "an array of strings"),
        "metadata" or "thinking" => FieldChecks.Kind(property, JsonValueKind.Object, "an object"),
        "tool_choice" => ValidateToolChoice(property.Value),
        _ => null,
    };

    private static GatewayError? ValidateToolChoice(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType("tool_choice", "an object");
        }
        if (!value.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Missing("tool_choice.type");
        }
        if (type.ValueEquals("tool"u8))
        {
            return ExpectString(value, "name", "tool_choice");
        }
        return type.ValueEquals("auto"u8) || type.ValueEquals("any"u8) || type.ValueEquals("none"u8)
            ? null
            : GatewayError.InvalidRequest($"Invalid value: '{type.GetString()}'. Supported values are: 'auto', 'any', 'tool' and 'none'.", "tool_choice.type", "invalid_value");
    }

    private static GatewayError? ValidateTools(JsonElement root)
    {
        if (!root.TryGetProperty("tools"u8, out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (tools.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType("tools", "an array");
        }
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var path = $"tools[{i}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.InvalidType(path, "an object");
            }
            if (ExpectString(tool, "name", path) is { } error)
            {
                return error;
            }
            if (tool.TryGetProperty("input_schema"u8, out var schema) && schema.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.InvalidType($"{path}.input_schema", "an object");
            }
            i++;
        }
        return null;
    }

    private static GatewayError? ExpectString(JsonElement owner, string name, string path)
    {
        if (!owner.TryGetProperty(name, out var value))
        {
            return Missing($"{path}.{name}");
        }
        return value.ValueKind == JsonValueKind.String ? null : FieldChecks.InvalidType($"{path}.{name}", "a string");
    }

    private static GatewayError Missing(string param) =>
        GatewayError.InvalidRequest($"{param}: Field required", param, "missing_required_parameter");
}
