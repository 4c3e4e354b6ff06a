namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Copies a client's JSON Schema for Gemini's <c>parametersJsonSchema</c> / <c>responseJsonSchema</c>, which take
/// JSON Schema itself (anyOf, $ref/$defs, additionalProperties, type arrays with "null"), so no lossy conversion
/// to the OpenAPI subset of <c>parameters</c> / <c>responseSchema</c> is needed. Only the root <c>$schema</c>
/// dialect marker is dropped: it describes the document, not the data.
/// </summary>
internal static class GeminiSchemaWriter
{
    public static void Write(Utf8JsonWriter json, JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(schema), skipInputValidation: true);
            return;
        }
        json.WriteStartObject();
        foreach (var property in schema.EnumerateObject())
        {
            if (property.NameEquals("$schema"u8))
            {
                continue;
            }
            json.WritePropertyName(property.Name);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
        }
        json.WriteEndObject();
    }
}
