using System.Text.Json;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Validation;

namespace Gateway.Transforms.OpenAI;

/// <summary>Checks <c>tools</c> and <c>tool_choice</c>.</summary>
internal static class ChatToolValidator
{
    public static GatewayError? Validate(JsonElement root)
    {
        var toolNames = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("tools"u8, out var tools) && tools.ValueKind != JsonValueKind.Null)
        {
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
                if (tool.TryGetProperty("type"u8, out var type) && type.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return FieldChecks.InvalidType($"{path}.type", "a string");
                }
                if (!tool.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
                {
                    return FieldChecks.Missing($"{path}.function");
                }
                if (!function.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } toolName)
                {
                    return FieldChecks.Missing($"{path}.function.name");
                }
                if (function.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    return FieldChecks.InvalidType($"{path}.function.parameters", "an object");
                }
                if (function.TryGetProperty("description"u8, out var description) && description.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return FieldChecks.InvalidType($"{path}.function.description", "a string");
                }
                if (function.TryGetProperty("strict"u8, out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
                {
                    return FieldChecks.InvalidType($"{path}.function.strict", "a boolean");
                }
                toolNames.Add(toolName);
                i++;
            }
        }

        if (!root.TryGetProperty("tool_choice"u8, out var choice) || choice.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (choice.ValueKind == JsonValueKind.String)
        {
            if (choice.ValueEquals("none"u8) || choice.ValueEquals("auto"u8) || choice.ValueEquals("required"u8))
            {
                return null;
            }
            return GatewayError.InvalidRequest(
                $"Invalid value: '{choice.GetString()}'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice", "invalid_value");
        }
        if (choice.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType("tool_choice", "a string or an object");
        }
        if (!choice.TryGetProperty("function"u8, out var chosen) || chosen.ValueKind != JsonValueKind.Object
            || !chosen.TryGetProperty("name"u8, out var chosenName) || chosenName.ValueKind != JsonValueKind.String)
        {
            return FieldChecks.Missing("tool_choice.function.name");
        }
        if (!toolNames.Contains(chosenName.GetString()!))
        {
            return GatewayError.InvalidRequest(
                $"Invalid value for 'tool_choice': no function named '{chosenName.GetString()}' was specified in 'tools'.", "tool_choice", "invalid_value");
        }
        return null;
    }
}
