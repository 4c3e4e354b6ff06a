using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Responses;

/// <summary>
/// Checks a Responses API body's shape: the fields the gateway reads, with OpenAI's ranges and a 400 naming the field.
/// Input items are checked for shape only here (an object with a type, or a role); what a translation cannot express is
/// the translator's to refuse, per target, since a pass-through target takes every item OpenAI does.
/// </summary>
internal static class ResponsesRequestValidator
{
    /// <summary>Everything after the model (read by <see cref="JsonRequestHead"/>), in the order of precedence the 400s keep.</summary>
    public static GatewayError? Validate(JsonElement root, int maxFallbackModels, out IReadOnlyList<string> fallbackModels)
    {
        fallbackModels = [];
        if (!root.TryGetProperty("input"u8, out var input) || input.ValueKind == JsonValueKind.Null)
        {
            return FieldChecks.Missing("input");
        }
        return ValidateInput(input) ?? ValidateScalars(root) ?? ValidateTools(root) ?? ValidateText(root) ?? ValidateRouting(root, maxFallbackModels, ref fallbackModels);
    }

    private static GatewayError? ValidateInput(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return null;
        }
        if (input.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType("input", "a string or an array of input items");
        }
        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return FieldChecks.InvalidType($"input[{index}]", "an object");
            }
            var hasType = item.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String;
            var hasRole = item.TryGetProperty("role"u8, out var role) && role.ValueKind == JsonValueKind.String;
            if (!hasType && !hasRole)
            {
                return FieldChecks.Missing($"input[{index}].type");
            }
            index++;
        }
        return null;
    }

    private static GatewayError? ValidateScalars(JsonElement root) => JsonPropertyNames.FirstRefused(root, ValidateScalar);

    private static GatewayError? ValidateScalar(ReadOnlySpan<char> name, JsonProperty property) => name switch
    {
        "stream" or "store" or "parallel_tool_calls" or "background" => FieldChecks.Boolean(property),
        "max_output_tokens" or "max_tool_calls" => FieldChecks.Integer(property, 1, int.MaxValue),
        "top_logprobs" => FieldChecks.Integer(property, 0, 20),
        "temperature" => FieldChecks.Number(property, 0, 2),
        "top_p" => FieldChecks.Number(property, 0, 1),
        "instructions" or "previous_response_id" or "user" or "safety_identifier" or "prompt_cache_key" or "service_tier" or "truncation" =>
            FieldChecks.Kind(property, JsonValueKind.String, "a string"),
        "metadata" => ValidateMetadata(property.Value),
        "reasoning" => ValidateReasoning(property.Value),
        _ => null,
    };

    private static GatewayError? ValidateMetadata(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType("metadata", "an object");
        }
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.InvalidType($"metadata.{entry.Name}", "a string");
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
            return FieldChecks.InvalidType("reasoning", "an object");
        }
        if (value.TryGetProperty("effort"u8, out var effort) && effort.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType("reasoning.effort", "a string");
        }
        return null;
    }

    private static GatewayError? ValidateTools(JsonElement root)
    {
        if (root.TryGetProperty("tools"u8, out var tools) && tools.ValueKind != JsonValueKind.Null)
        {
            if (tools.ValueKind != JsonValueKind.Array)
            {
                return FieldChecks.InvalidType("tools", "an array");
            }
            var index = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                if (tool.ValueKind != JsonValueKind.Object)
                {
                    return FieldChecks.InvalidType($"tools[{index}]", "an object");
                }
                if (!tool.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
                {
                    return FieldChecks.Missing($"tools[{index}].type");
                }
                if (type.ValueEquals("function"u8))
                {
                    if (!tool.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 })
                    {
                        return FieldChecks.Missing($"tools[{index}].name");
                    }
                    if (tool.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    {
                        return FieldChecks.InvalidType($"tools[{index}].parameters", "an object");
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
                return FieldChecks.InvalidType("tool_choice", "a string or an object with a type");
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
            return FieldChecks.InvalidType("text", "an object");
        }
        if (!text.TryGetProperty("format"u8, out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var error = FieldChecks.OutputFormat(format, "text.format", out var jsonSchema);
        if (error is not null || !jsonSchema)
        {
            return error;
        }
        if (!format.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
        {
            return FieldChecks.Missing("text.format.name");
        }
        if (!format.TryGetProperty("schema"u8, out var schema) || schema.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.Missing("text.format.schema");
        }
        return null;
    }

    private static GatewayError? ValidateRouting(JsonElement root, int maxFallbackModels, ref IReadOnlyList<string> fallbackModels)
    {
        if (root.TryGetProperty("models"u8, out var models) && FallbackModelsReader.Read(models, maxFallbackModels, ref fallbackModels) is { } error)
        {
            return error;
        }
        return root.TryGetProperty("provider"u8, out var provider) ? FieldChecks.Kind("provider", provider, JsonValueKind.Object, "an object") : null;
    }
}
