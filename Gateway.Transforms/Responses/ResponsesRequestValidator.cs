using System.Text.Json;
using Gateway.Transforms.Errors;

namespace Gateway.Transforms.Responses;

/// <summary>
/// Checks a Responses API body's shape: the fields the gateway reads, with OpenAI's ranges and a 400 naming the field.
/// Input items are checked for shape only here (an object with a type, or a role); what a translation cannot express is
/// the translator's to refuse, per target, since a pass-through target takes every item OpenAI does.
/// </summary>
internal static class ResponsesRequestValidator
{
    public static GatewayError? Validate(JsonElement root, int maxFallbackModels, out string? model)
    {
        model = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest("The request body must be a JSON object.");
        }
        if (!root.TryGetProperty("model"u8, out var modelElement))
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'model'.", "model", "missing_required_parameter");
        }
        if (modelElement.ValueKind != JsonValueKind.String || modelElement.GetString() is not { Length: > 0 } name)
        {
            return InvalidType("model", "a non-empty string");
        }
        model = name;
        if (!root.TryGetProperty("input"u8, out var input) || input.ValueKind == JsonValueKind.Null)
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }
        return ValidateInput(input) ?? ValidateScalars(root) ?? ValidateTools(root) ?? ValidateText(root) ?? ValidateRouting(root, maxFallbackModels);
    }

    internal static GatewayError InvalidType(string param, string expected) =>
        GatewayError.InvalidRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    private static GatewayError? ValidateInput(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return null;
        }
        if (input.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("input", "a string or an array of input items");
        }
        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return InvalidType($"input[{index}]", "an object");
            }
            var hasType = item.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String;
            var hasRole = item.TryGetProperty("role"u8, out var role) && role.ValueKind == JsonValueKind.String;
            if (!hasType && !hasRole)
            {
                return GatewayError.InvalidRequest($"Missing required parameter: 'input[{index}].type'.", $"input[{index}].type", "missing_required_parameter");
            }
            index++;
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
                "stream" or "store" or "parallel_tool_calls" or "background" => ExpectBoolean(property.Name, value),
                "max_output_tokens" => ExpectInteger(property.Name, value, 1, int.MaxValue),
                "max_tool_calls" => ExpectInteger(property.Name, value, 1, int.MaxValue),
                "top_logprobs" => ExpectInteger(property.Name, value, 0, 20),
                "temperature" => ExpectNumber(property.Name, value, 0, 2),
                "top_p" => ExpectNumber(property.Name, value, 0, 1),
                "instructions" or "previous_response_id" or "user" or "safety_identifier" or "prompt_cache_key" or "service_tier" or "truncation" =>
                    ExpectKind(property.Name, value, JsonValueKind.String, "a string"),
                "metadata" => ValidateMetadata(value),
                "reasoning" => ValidateReasoning(value),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    private static GatewayError? ValidateMetadata(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("metadata", "an object");
        }
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                return InvalidType($"metadata.{entry.Name}", "a string");
            }
        }
        return null;
    }

    private static GatewayError? ValidateReasoning(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("reasoning", "an object");
        }
        if (value.TryGetProperty("effort"u8, out var effort) && effort.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return InvalidType("reasoning.effort", "a string");
        }
        return null;
    }

    private static GatewayError? ValidateTools(JsonElement root)
    {
        if (root.TryGetProperty("tools"u8, out var tools) && tools.ValueKind != JsonValueKind.Null)
        {
            if (tools.ValueKind != JsonValueKind.Array)
            {
                return InvalidType("tools", "an array");
            }
            var index = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                if (tool.ValueKind != JsonValueKind.Object)
                {
                    return InvalidType($"tools[{index}]", "an object");
                }
                if (!tool.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
                {
                    return GatewayError.InvalidRequest($"Missing required parameter: 'tools[{index}].type'.", $"tools[{index}].type", "missing_required_parameter");
                }
                if (type.ValueEquals("function"u8))
                {
                    if (!tool.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 })
                    {
                        return GatewayError.InvalidRequest($"Missing required parameter: 'tools[{index}].name'.", $"tools[{index}].name", "missing_required_parameter");
                    }
                    if (tool.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    {
                        return InvalidType($"tools[{index}].parameters", "an object");
                    }
                }
                index++;
            }
        }
        if (root.TryGetProperty("tool_choice"u8, out var choice) && choice.ValueKind != JsonValueKind.Null)
        {
            if (choice.ValueKind == JsonValueKind.String)
            {
                if (!(choice.ValueEquals("none"u8) || choice.ValueEquals("auto"u8) || choice.ValueEquals("required"u8)))
                {
                    return GatewayError.InvalidRequest(
                        $"Invalid value: '{choice.GetString()}'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice", "invalid_value");
                }
            }
            else if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("type"u8, out var choiceType) || choiceType.ValueKind != JsonValueKind.String)
            {
                return InvalidType("tool_choice", "a string or an object with a type");
            }
        }
        return null;
    }

    private static GatewayError? ValidateText(JsonElement root)
    {
        if (!root.TryGetProperty("text"u8, out var text) || text.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (text.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("text", "an object");
        }
        if (!text.TryGetProperty("format"u8, out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (format.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("text.format", "an object");
        }
        if (!format.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'text.format.type'.", "text.format.type", "missing_required_parameter");
        }
        if (type.ValueEquals("text"u8) || type.ValueEquals("json_object"u8))
        {
            return null;
        }
        if (!type.ValueEquals("json_schema"u8))
        {
            return GatewayError.InvalidRequest(
                $"Invalid value: '{type.GetString()}'. Supported values are: 'text', 'json_object' and 'json_schema'.", "text.format.type", "invalid_value");
        }
        if (!format.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'text.format.name'.", "text.format.name", "missing_required_parameter");
        }
        if (!format.TryGetProperty("schema"u8, out var schema) || schema.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'text.format.schema'.", "text.format.schema", "missing_required_parameter");
        }
        return null;
    }

    private static GatewayError? ValidateRouting(JsonElement root, int maxFallbackModels)
    {
        if (root.TryGetProperty("models"u8, out var models) && models.ValueKind != JsonValueKind.Null)
        {
            if (models.ValueKind != JsonValueKind.Array)
            {
                return InvalidType("models", "an array of model names");
            }
            if (models.GetArrayLength() > maxFallbackModels)
            {
                return GatewayError.InvalidRequest($"'models' array must have {maxFallbackModels} items or fewer.", "models", "invalid_value");
            }
            var i = 0;
            foreach (var item in models.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 })
                {
                    return InvalidType($"models[{i}]", "a non-empty string");
                }
                i++;
            }
        }
        if (root.TryGetProperty("provider"u8, out var provider) && provider.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return InvalidType("provider", "an object");
        }
        return null;
    }

    private static GatewayError? ExpectKind(string name, JsonElement value, JsonValueKind kind, string expected) =>
        value.ValueKind == kind || value.ValueKind == JsonValueKind.Null ? null : InvalidType(name, expected);

    private static GatewayError? ExpectBoolean(string name, JsonElement value) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null ? null : InvalidType(name, "a boolean");

    private static GatewayError? ExpectInteger(string name, JsonElement value, long min, long max)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return InvalidType(name, "an integer");
        }
        return number < min || number > max
            ? GatewayError.InvalidRequest($"Invalid value for '{name}': {number} is out of range [{min}, {max}].", name, "invalid_value")
            : null;
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
}
