namespace Gateway.Transforms.Validation;

/// <summary>
/// The field checks the JSON request kinds share, each answering OpenAI's 400 (message, <c>param</c>, <c>code</c>) naming
/// the field. JSON null passes every optional check: OpenAI's API takes it as the field left out.
/// </summary>
internal static class FieldChecks
{
    public static GatewayError InvalidType(string param, string expected) =>
        GatewayError.InvalidRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    public static GatewayError Missing(string param) =>
        GatewayError.InvalidRequest($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    /// <summary>The value is of <paramref name="kind"/> (or null).</summary>
    public static GatewayError? Kind(string name, JsonElement value, JsonValueKind kind, string expected) =>
        value.ValueKind == kind || value.ValueKind == JsonValueKind.Null ? null : InvalidType(name, expected);

    public static GatewayError? Boolean(string name, JsonElement value) => IsBoolean(value) ? null : InvalidType(name, "a boolean");

    // The checks of a property name the field only in a refusal: a field that passes costs no string.

    public static GatewayError? Boolean(JsonProperty property) => IsBoolean(property.Value) ? null : InvalidType(property.Name, "a boolean");

    public static GatewayError? Kind(JsonProperty property, JsonValueKind kind, string expected) =>
        property.Value.ValueKind == kind || property.Value.ValueKind == JsonValueKind.Null ? null : InvalidType(property.Name, expected);

    public static GatewayError? Integer(JsonProperty property, long min, long max) =>
        IsInteger(property.Value, min, max) ? null : Integer(property.Name, property.Value, min, max);

    public static GatewayError? Number(JsonProperty property, double min, double max) =>
        IsNumber(property.Value, min, max) ? null : Number(property.Name, property.Value, min, max);

    public static GatewayError? Strings(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Null || (property.Value.ValueKind == JsonValueKind.Array && AllStrings(property.Value))
            ? null : Strings(property.Name, property.Value);

    public static GatewayError? Integer(string name, JsonElement value, long min, long max) => Integer(name, value, min, max, out _);

    /// <param name="number">The value when it passed; null when it is null or refused.</param>
    public static GatewayError? Integer(string name, JsonElement value, long min, long max, out long? number)
    {
        number = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var read))
        {
            return InvalidType(name, "an integer");
        }
        if (read < min || read > max)
        {
            return GatewayError.InvalidRequest($"Invalid value for '{name}': {read} is out of range [{min}, {max}].", name, "invalid_value");
        }
        number = read;
        return null;
    }

    public static GatewayError? Number(string name, JsonElement value, double min, double max)
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

    /// <summary>A whole number from 0 to <see cref="int.MaxValue"/> (a token id, Anthropic's <c>top_k</c>).</summary>
    public static bool IsNonNegativeInteger(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0;

    /// <summary>A conversation's <c>messages</c>, given: an array of at least one message (each the caller's to check).</summary>
    public static GatewayError? MessagesArray(JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("messages", "an array");
        }
        return messages.GetArrayLength() == 0 ? GatewayError.InvalidRequest("'messages' must contain at least one message.", "messages") : null;
    }

    /// <summary>An array of strings (or null); a wrong item is named by its index.</summary>
    public static GatewayError? Strings(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return InvalidType(name, "an array of strings");
        }
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return InvalidType($"{name}[{i}]", "a string");
            }
            i++;
        }
        return null;
    }

    /// <summary>OpenAI's <c>stop</c>: a string or an array of strings (or null); any fault names the whole field.</summary>
    public static GatewayError? Stop(JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.String)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Array && AllStrings(value) ? null : InvalidType("stop", "a string or an array of strings");
    }

    /// <summary>Every item of an array is a string.</summary>
    public static bool AllStrings(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>OpenAI's <c>stream_options</c>: an object (or null) whose <c>include_usage</c> is a boolean.</summary>
    /// <param name="includeUsage">Its <c>include_usage</c>; null when not given (or refused).</param>
    public static GatewayError? StreamOptions(JsonElement value, out bool? includeUsage)
    {
        includeUsage = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("stream_options", "an object");
        }
        if (!value.TryGetProperty("include_usage"u8, out var include))
        {
            return null;
        }
        var error = Boolean("stream_options.include_usage", include);
        includeUsage = error is null ? include.ValueKind == JsonValueKind.True : null;
        return error;
    }

    /// <summary>
    /// An output format (chat's <c>response_format</c>, Responses' <c>text.format</c>): an object whose <c>type</c> is
    /// <c>text</c>, <c>json_object</c> or <c>json_schema</c>. Where the schema lives differs by API, so the caller checks it.
    /// </summary>
    /// <param name="jsonSchema">Whether the type is <c>json_schema</c> (false when refused).</param>
    public static GatewayError? OutputFormat(JsonElement format, string path, out bool jsonSchema)
    {
        jsonSchema = false;
        if (format.ValueKind != JsonValueKind.Object)
        {
            return InvalidType(path, "an object");
        }
        if (!format.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Missing($"{path}.type");
        }
        if (type.ValueEquals("text"u8) || type.ValueEquals("json_object"u8))
        {
            return null;
        }
        if (!type.ValueEquals("json_schema"u8))
        {
            return GatewayError.InvalidRequest(
                $"Invalid value: '{type.GetString()}'. Supported values are: 'text', 'json_object' and 'json_schema'.", $"{path}.type", "invalid_value");
        }
        jsonSchema = true;
        return null;
    }

    private static bool IsBoolean(JsonElement value) => value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;

    private static bool IsInteger(JsonElement value, long min, long max) =>
        value.ValueKind == JsonValueKind.Null
        || (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max);

    private static bool IsNumber(JsonElement value, double min, double max) =>
        value.ValueKind == JsonValueKind.Null
        || (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max);
}
