namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Writes the Converse / ConverseStream request body (the model goes in the path, not the body). Only what Converse
/// understands is written: messages, system, inferenceConfig (maxTokens, temperature, topP, stopSequences) and
/// toolConfig. OpenAI fields without a Converse equivalent (seed, penalties, logprobs, user, …) are not sent.
/// </summary>
internal static class BedrockRequestWriter
{
    public static GatewayError? Write(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(body);
        if (request.N > 1)
        {
            return GatewayError.InvalidRequest(
                "Amazon Bedrock's Converse API returns one choice per request; 'n' must be 1.", "n", "unsupported_value");
        }
        var root = request.Root;
        var toolError = BedrockToolConfigWriter.Validate(root);
        if (toolError is not null)
        {
            return toolError;
        }

        // Written aside first so a request refused half-way leaves the caller's buffer untouched.
        using var buffer = new PooledByteBufferWriter(8192);
        using (var json = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            json.WriteStartObject();
            var messages = new BedrockMessagesWriter();
            var error = messages.Write(json, root.GetProperty("messages"u8));
            if (error is not null)
            {
                return error;
            }
            WriteInferenceConfig(json, request, target);
            BedrockToolConfigWriter.Write(json, request, messages);
            json.WriteEndObject();
        }
        body.Write(buffer.WrittenSpan);
        return null;
    }

    private static void WriteInferenceConfig(Utf8JsonWriter json, ChatRequest request, UpstreamTarget target)
    {
        var root = request.Root;
        var maxTokens = request.MaxTokens ?? target.DefaultMaxTokens;
        var hasTemperature = TryGetNumber(root, "temperature"u8, out var temperature);
        var hasTopP = TryGetNumber(root, "top_p"u8, out var topP);
        var hasStop = root.TryGetProperty("stop"u8, out var stop)
            && (stop.ValueKind == JsonValueKind.String || (stop.ValueKind == JsonValueKind.Array && stop.GetArrayLength() > 0));
        if (maxTokens is null && !hasTemperature && !hasTopP && !hasStop)
        {
            return;
        }

        json.WritePropertyName("inferenceConfig"u8);
        json.WriteStartObject();
        if (maxTokens is int max)
        {
            json.WriteNumber("maxTokens"u8, max);
        }
        if (hasTemperature)
        {
            json.WritePropertyName("temperature"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(temperature), skipInputValidation: true);
        }
        if (hasTopP)
        {
            json.WritePropertyName("topP"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(topP), skipInputValidation: true);
        }
        if (hasStop)
        {
            json.WritePropertyName("stopSequences"u8);
            if (stop.ValueKind == JsonValueKind.String)
            {
                json.WriteStartArray();
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(stop), skipInputValidation: true);
                json.WriteEndArray();
            }
            else
            {
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(stop), skipInputValidation: true);
            }
        }
        json.WriteEndObject();
    }

    private static bool TryGetNumber(JsonElement root, ReadOnlySpan<byte> name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Number;
}
