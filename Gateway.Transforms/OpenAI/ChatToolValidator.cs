using Gateway.Transforms.Validation;

namespace Gateway.Transforms.OpenAI;

/// <summary>Checks <c>tools</c> and <c>tool_choice</c>.</summary>
internal static class ChatToolValidator
{
    /// <param name="tools">The body's <c>tools</c>; <c>default</c> when absent.</param>
    /// <param name="choice">The body's <c>tool_choice</c>; <c>default</c> when absent.</param>
    public static GatewayError? Validate(JsonElement tools, JsonElement choice)
    {
        if (tools.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            if (tools.ValueKind != JsonValueKind.Array)
            {
                return FieldChecks.InvalidType("tools", "an array");
            }
            var i = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                if (ValidateTool(tool, i) is { } error)
                {
                    return error;
                }
                i++;
            }
        }
        if (choice.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
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
        if (!NamesFunction(tools, chosenName.GetString()!))
        {
            return GatewayError.InvalidRequest(
                $"Invalid value for 'tool_choice': no function named '{chosenName.GetString()}' was specified in 'tools'.", "tool_choice", "invalid_value");
        }
        return null;
    }

    private static GatewayError? ValidateTool(JsonElement tool, int i)
    {
        if (tool.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType($"tools[{i}]", "an object");
        }
        if (tool.TryGetProperty("type"u8, out var type) && type.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType($"tools[{i}].type", "a string");
        }
        if (!tool.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.Missing($"tools[{i}].function");
        }
        if (!function.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String || name.ValueEquals(""u8))
        {
            return FieldChecks.Missing($"tools[{i}].function.name");
        }
        if (function.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType($"tools[{i}].function.parameters", "an object");
        }
        if (function.TryGetProperty("description"u8, out var description) && description.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType($"tools[{i}].function.description", "a string");
        }
        return function.TryGetProperty("strict"u8, out var strict) ? FieldChecks.Boolean($"tools[{i}].function.strict", strict) : null;
    }

    /// <summary>Whether a tool (all checked by now) is a function of that name.</summary>
    private static bool NamesFunction(JsonElement tools, string name)
    {
        if (tools.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.GetProperty("function"u8).GetProperty("name"u8).ValueEquals(name))
            {
                return true;
            }
        }
        return false;
    }
}
