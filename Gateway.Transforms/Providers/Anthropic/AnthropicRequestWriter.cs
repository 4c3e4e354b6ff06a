namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Writes a Messages API request from a validated OpenAI chat request. Only fields with an Anthropic meaning are
/// written (an allow-list), so OpenAI-only and gateway-only fields never reach the provider.
/// </summary>
internal static class AnthropicRequestWriter
{
    /// <summary>Anthropic requires <c>max_tokens</c>; used when neither the client nor the target sets one.</summary>
    public const int FallbackMaxTokens = 4096;

    /// <summary>OpenAI's temperature runs to 2, Anthropic's to 1.</summary>
    public const double MaxTemperature = 1.0;

    public static GatewayError? Write(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(body);
        if (request.N > 1)
        {
            return GatewayError.InvalidRequest(
                "Anthropic returns one choice per request; 'n' must be 1 for this model.", "n", "invalid_value");
        }

        var root = request.Root;
        JsonElement? jsonSchema = request.ResponseFormat == ResponseFormatKind.JsonSchema
            ? root.GetProperty("response_format"u8).GetProperty("json_schema"u8)
            : null;

        // Written aside first so that a request rejected halfway leaves the caller's buffer untouched.
        using var buffer = new PooledByteBufferWriter(8192);
        using (var json = new Utf8JsonWriter(buffer, JsonWriting.Options))
        using (var messages = new AnthropicMessagesWriter(json))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, target.Model);
            json.WriteNumber("max_tokens"u8, request.MaxTokens ?? target.DefaultMaxTokens ?? FallbackMaxTokens);
            AnthropicSystemWriter.Write(root.GetProperty("messages"u8), request.ResponseFormat == ResponseFormatKind.JsonObject, json);

            var error = messages.Write(root.GetProperty("messages"u8)) ?? AnthropicToolsWriter.Write(root, jsonSchema, json);
            if (error is not null)
            {
                return error;
            }

            WriteStopSequences(root, json);
            WriteSampling(root, json);
            WriteMetadata(root, json);
            if (request.Stream)
            {
                json.WriteBoolean("stream"u8, true);
            }
            json.WriteEndObject();
        }
        body.Write(buffer.WrittenSpan);
        return null;
    }

    private static void WriteStopSequences(JsonElement root, Utf8JsonWriter json)
    {
        if (!root.TryGetProperty("stop"u8, out var stop))
        {
            return;
        }
        if (stop.ValueKind == JsonValueKind.String)
        {
            if (!stop.ValueEquals(""u8))
            {
                json.WritePropertyName("stop_sequences"u8);
                json.WriteStartArray();
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(stop), skipInputValidation: true);
                json.WriteEndArray();
            }
            return;
        }
        if (stop.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var started = false;
        foreach (var sequence in stop.EnumerateArray())
        {
            if (sequence.ValueEquals(""u8))
            {
                continue;
            }
            if (!started)
            {
                json.WritePropertyName("stop_sequences"u8);
                json.WriteStartArray();
                started = true;
            }
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(sequence), skipInputValidation: true);
        }
        if (started)
        {
            json.WriteEndArray();
        }
    }

    private static void WriteSampling(JsonElement root, Utf8JsonWriter json)
    {
        var hasTemperature = root.TryGetProperty("temperature"u8, out var temperature) && temperature.ValueKind == JsonValueKind.Number;
        if (hasTemperature)
        {
            // Clamped rather than rejected: OpenAI's 1..2 is "more random still", and 1 is as random as Anthropic goes.
            if (temperature.GetDouble() > MaxTemperature)
            {
                json.WriteNumber("temperature"u8, MaxTemperature);
            }
            else
            {
                json.WritePropertyName("temperature"u8);
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(temperature), skipInputValidation: true);
            }
        }

        // Current Claude models reject temperature and top_p together ("cannot both be specified"); temperature wins.
        if (!hasTemperature && root.TryGetProperty("top_p"u8, out var topP) && topP.ValueKind == JsonValueKind.Number)
        {
            json.WritePropertyName("top_p"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(topP), skipInputValidation: true);
        }
    }

    private static void WriteMetadata(JsonElement root, Utf8JsonWriter json)
    {
        if (root.TryGetProperty("user"u8, out var user) && user.ValueKind == JsonValueKind.String && !user.ValueEquals(""u8))
        {
            json.WritePropertyName("metadata"u8);
            json.WriteStartObject();
            json.WritePropertyName("user_id"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(user), skipInputValidation: true);
            json.WriteEndObject();
        }
    }
}
