using System.Text.Json;
using Gateway.Transforms.Errors;

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
            return InvalidType("model", "a non-empty string");
        }
        if (!countTokens)
        {
            if (!root.TryGetProperty("max_tokens"u8, out var maxTokens))
            {
                return Missing("max_tokens");
            }
            if (maxTokens.ValueKind != JsonValueKind.Number || !maxTokens.TryGetInt32(out var max) || max < 1)
            {
                return InvalidType("max_tokens", "an integer of at least 1");
            }
        }
        if (!root.TryGetProperty("messages"u8, out var messages))
        {
            return Missing("messages");
        }
        if (messages.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("messages", "an array");
        }
        if (messages.GetArrayLength() == 0)
        {
            return GatewayError.InvalidRequest("'messages' must contain at least one message.", "messages");
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
            return InvalidType(path, "an object");
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
            return InvalidType(path, "a string or an array of content blocks");
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
            return InvalidType(path, "an object");
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
                ? InvalidType($"{path}.input", "an object")
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
            return InvalidType("system", "a string or an array of text blocks");
        }
        var i = 0;
        foreach (var block in system.EnumerateArray())
        {
            var path = $"system[{i}]";
            if (block.ValueKind != JsonValueKind.Object)
            {
                return InvalidType(path, "an object");
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

    private static GatewayError? ValidateScalars(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            var error = property.Name switch
            {
                "stream" => value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null ? null : InvalidType("stream", "a boolean"),
                "temperature" => ExpectNumber("temperature", value, 0, 1),
                "top_p" => ExpectNumber("top_p", value, 0, 1),
                "top_k" => value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var k) && k >= 0)
                    ? null : InvalidType("top_k", "a non-negative integer"),
                "stop_sequences" => ExpectStrings("stop_sequences", value),
                "metadata" or "thinking" => value.ValueKind is JsonValueKind.Object or JsonValueKind.Null ? null : InvalidType(property.Name, "an object"),
                "tool_choice" => ValidateToolChoice(value),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    private static GatewayError? ValidateToolChoice(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("tool_choice", "an object");
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
            return InvalidType("tools", "an array");
        }
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var path = $"tools[{i}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return InvalidType(path, "an object");
            }
            if (ExpectString(tool, "name", path) is { } error)
            {
                return error;
            }
            if (tool.TryGetProperty("input_schema"u8, out var schema) && schema.ValueKind != JsonValueKind.Object)
            {
                return InvalidType($"{path}.input_schema", "an object");
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
        return value.ValueKind == JsonValueKind.String ? null : InvalidType($"{path}.{name}", "a string");
    }

    private static GatewayError? ExpectStrings(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return InvalidType(name, "an array of strings");
        }
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return InvalidType(name, "an array of strings");
            }
        }
        return null;
    }

    private static GatewayError? ExpectNumber(string name, JsonElement value, double min, double max)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            return InvalidType(name, "a number");
        }
        return number < min || number > max
            ? GatewayError.InvalidRequest($"Invalid value for '{name}': {number} is out of range [{min}, {max}].", name, "invalid_value")
            : null;
    }

    private static GatewayError Missing(string param) =>
        GatewayError.InvalidRequest($"{param}: Field required", param, "missing_required_parameter");

    private static GatewayError InvalidType(string param, string expected) =>
        GatewayError.InvalidRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");
}
