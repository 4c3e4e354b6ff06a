namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Writes <c>generationConfig</c>: max tokens, sampling, stop sequences, candidate count, seed, penalties and
/// the JSON response modes. Written only when some field is set.
/// </summary>
internal static class GeminiGenerationConfigWriter
{
    /// <summary>Gemini's documented limit on <c>stopSequences</c>.</summary>
    public const int MaxStopSequences = 5;

    public static GatewayError? Write(Utf8JsonWriter json, ChatRequest request, UpstreamTarget target)
    {
        var root = request.Root;
        var error = CheckStop(root) ?? CheckSeed(root);
        if (error is not null)
        {
            return error;
        }

        var open = false;
        var maxTokens = request.MaxTokens ?? target.DefaultMaxTokens;
        if (maxTokens is { } max)
        {
            Open(json, ref open);
            json.WriteNumber("maxOutputTokens"u8, max);
        }
        CopyNumber(json, root, "temperature"u8, "temperature"u8, ref open);
        CopyNumber(json, root, "top_p"u8, "topP"u8, ref open);
        WriteStop(json, root, ref open);
        if (request.N > 1)
        {
            Open(json, ref open);
            json.WriteNumber("candidateCount"u8, request.N);
        }
        CopyNumber(json, root, "seed"u8, "seed"u8, ref open);
        CopyNumber(json, root, "presence_penalty"u8, "presencePenalty"u8, ref open);
        CopyNumber(json, root, "frequency_penalty"u8, "frequencyPenalty"u8, ref open);
        WriteResponseFormat(json, request, ref open);
        if (string.Equals(target.GetSetting("IncludeThoughts"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // Gemini sends thought summaries only when asked; they come back as reasoning_content.
            Open(json, ref open);
            json.WritePropertyName("thinkingConfig"u8);
            json.WriteStartObject();
            json.WriteBoolean("includeThoughts"u8, true);
            json.WriteEndObject();
        }
        if (open)
        {
            json.WriteEndObject();
        }
        return null;
    }

    private static GatewayError? CheckStop(JsonElement root) =>
        root.TryGetProperty("stop"u8, out var stop) && stop.ValueKind == JsonValueKind.Array && stop.GetArrayLength() > MaxStopSequences
            ? GatewayError.InvalidRequest($"Gemini accepts at most {MaxStopSequences} stop sequences.", "stop", "invalid_value")
            : null;

    private static GatewayError? CheckSeed(JsonElement root) =>
        root.TryGetProperty("seed"u8, out var seed) && seed.ValueKind == JsonValueKind.Number && !seed.TryGetInt32(out _)
            ? GatewayError.InvalidRequest("Gemini needs 'seed' to be a 32-bit integer.", "seed", "invalid_value")
            : null;

    private static void WriteStop(Utf8JsonWriter json, JsonElement root, ref bool open)
    {
        if (!root.TryGetProperty("stop"u8, out var stop) || stop.ValueKind is not (JsonValueKind.String or JsonValueKind.Array)
            || (stop.ValueKind == JsonValueKind.Array && stop.GetArrayLength() == 0))
        {
            return;
        }
        Open(json, ref open);
        json.WritePropertyName("stopSequences"u8);
        if (stop.ValueKind == JsonValueKind.Array)
        {
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(stop), skipInputValidation: true);
            return;
        }
        json.WriteStartArray();
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(stop), skipInputValidation: true);
        json.WriteEndArray();
    }

    private static void WriteResponseFormat(Utf8JsonWriter json, ChatRequest request, ref bool open)
    {
        if (request.ResponseFormat == ResponseFormatKind.Text)
        {
            return;
        }
        Open(json, ref open);
        json.WriteString("responseMimeType"u8, "application/json"u8);
        if (request.ResponseFormat == ResponseFormatKind.JsonSchema
            && request.Root.GetProperty("response_format"u8).GetProperty("json_schema"u8).TryGetProperty("schema"u8, out var schema)
            && schema.ValueKind == JsonValueKind.Object)
        {
            json.WritePropertyName("responseJsonSchema"u8);
            GeminiSchemaWriter.Write(json, schema);
        }
    }

    private static void CopyNumber(Utf8JsonWriter json, JsonElement root, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to, ref bool open)
    {
        if (!root.TryGetProperty(from, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return;
        }
        Open(json, ref open);
        json.WritePropertyName(to);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }

    private static void Open(Utf8JsonWriter json, ref bool open)
    {
        if (open)
        {
            return;
        }
        json.WritePropertyName("generationConfig"u8);
        json.WriteStartObject();
        open = true;
    }
}
