namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Writes the body of <c>POST /v2/chat</c>. Only fields Cohere knows are written (an allow list), so no
/// OpenAI-only or gateway-only field can reach it. Call after <see cref="CohereRequestValidator"/>.
/// </summary>
internal static class CohereRequestWriter
{
    /// <summary>Cohere's documented range for <c>p</c>; OpenAI's 0 and 1 mean the same as these ends.</summary>
    private const double MinP = 0.01;
    private const double MaxP = 0.99;

    public static void Write(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        var root = request.Root;
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, target.Model);
        CohereMessageWriter.Write(json, root.GetProperty("messages"u8));
        CohereToolWriter.Write(json, root);
        WriteResponseFormat(json, root, request.ResponseFormat);

        var maxTokens = request.MaxTokens ?? target.DefaultMaxTokens;
        if (maxTokens is { } max)
        {
            json.WriteNumber("max_tokens"u8, max);
        }
        WriteStop(json, root);
        CopyNumber(json, root, "temperature"u8);
        WriteTopP(json, root);
        CopyNumber(json, root, "seed"u8);
        CopyNumber(json, root, "frequency_penalty"u8);
        CopyNumber(json, root, "presence_penalty"u8);
        json.WriteBoolean("stream"u8, request.Stream);
        json.WriteEndObject();
    }

    private static void WriteResponseFormat(Utf8JsonWriter json, JsonElement root, ResponseFormatKind kind)
    {
        if (kind == ResponseFormatKind.Text)
        {
            return;
        }
        json.WritePropertyName("response_format"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "json_object"u8);
        // Cohere takes the bare JSON schema; OpenAI's name, description and strict have no counterpart.
        if (kind == ResponseFormatKind.JsonSchema
            && root.GetProperty("response_format"u8).GetProperty("json_schema"u8).TryGetProperty("schema"u8, out var schema)
            && schema.ValueKind == JsonValueKind.Object)
        {
            json.WritePropertyName("json_schema"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(schema), skipInputValidation: true);
        }
        json.WriteEndObject();
    }

    private static void WriteStop(Utf8JsonWriter json, JsonElement root)
    {
        if (!root.TryGetProperty("stop"u8, out var stop))
        {
            return;
        }
        if (stop.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("stop_sequences"u8);
            json.WriteStartArray();
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(stop), skipInputValidation: true);
            json.WriteEndArray();
        }
        else if (stop.ValueKind == JsonValueKind.Array && stop.GetArrayLength() > 0)
        {
            json.WritePropertyName("stop_sequences"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(stop), skipInputValidation: true);
        }
    }

    private static void WriteTopP(Utf8JsonWriter json, JsonElement root)
    {
        if (!root.TryGetProperty("top_p"u8, out var topP) || topP.ValueKind != JsonValueKind.Number)
        {
            return;
        }
        var value = topP.GetDouble();
        if (value is >= MinP and <= MaxP)
        {
            json.WritePropertyName("p"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(topP), skipInputValidation: true);
        }
        else
        {
            json.WriteNumber("p"u8, Math.Clamp(value, MinP, MaxP));
        }
    }

    /// <summary>Fields whose name and meaning are the same in both APIs (ranges were checked by the validator).</summary>
    private static void CopyNumber(Utf8JsonWriter json, JsonElement root, ReadOnlySpan<byte> name)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            json.WritePropertyName(name);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
        }
    }
}
