namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// The <see cref="JsonAnswerTool"/> on the Messages API, which has no response schema that works on every Claude
/// model; but a forced tool's <c>input</c> always follows its <c>input_schema</c>. Its input is turned back into
/// message content on the way out.
/// </summary>
internal static class AnthropicAnswerTool
{
    /// <summary>Writes the tool definition for <c>response_format.json_schema</c>.</summary>
    public static void WriteDefinition(Utf8JsonWriter json, JsonElement jsonSchema)
    {
        var schemaName = jsonSchema.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var description = jsonSchema.TryGetProperty("description"u8, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;

        json.WriteStartObject();
        json.WriteString("name"u8, JsonAnswerTool.Utf8Name);
        json.WriteString("description"u8, string.IsNullOrWhiteSpace(description)
            ? $"Give your final answer by calling this tool. Its input is the complete answer, a JSON object following the '{schemaName}' schema."
            : $"Give your final answer by calling this tool. Its input is the complete answer, a JSON object following the '{schemaName}' schema: {description}");
        json.WritePropertyName("input_schema"u8);
        if (jsonSchema.TryGetProperty("schema"u8, out var schema) && schema.ValueKind == JsonValueKind.Object)
        {
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(schema), skipInputValidation: true);
        }
        else
        {
            ChatFunctionFields.WriteEmptyParameters(json);
        }
        json.WriteEndObject();
    }
}
