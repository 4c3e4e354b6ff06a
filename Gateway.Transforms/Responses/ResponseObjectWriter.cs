namespace Gateway.Transforms.Responses;

/// <summary>
/// Writes a Responses API <c>response</c> object for an answer the gateway made by translation: its id, status, output
/// items and usage, and the request's own settings echoed back as OpenAI does (instructions, tools, text format, …).
/// </summary>
internal static class ResponseObjectWriter
{
    public static void Write(
        Utf8JsonWriter json, ResponsesRequest request, in ResponseHead head, ResponseOutputItems? output, TokenUsage? usage, GatewayError? error = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(request);
        var root = request.Root;
        json.WriteStartObject();
        json.WriteString("id"u8, head.Id);
        json.WriteString("object"u8, "response"u8);
        json.WriteNumber("created_at"u8, head.CreatedAt);
        json.WriteString("status"u8, head.Status);
        json.WriteBoolean("background"u8, false);
        if (error is null)
        {
            json.WriteNull("error"u8);
        }
        else
        {
            json.WritePropertyName("error"u8);
            json.WriteStartObject();
            json.WriteString("code"u8, error.Code ?? "server_error");
            json.WriteString("message"u8, error.Message);
            json.WriteEndObject();
        }
        if (head.IncompleteReason is null)
        {
            json.WriteNull("incomplete_details"u8);
        }
        else
        {
            json.WritePropertyName("incomplete_details"u8);
            json.WriteStartObject();
            json.WriteString("reason"u8, head.IncompleteReason);
            json.WriteEndObject();
        }
        Echo(json, root, "instructions"u8);
        Echo(json, root, "max_output_tokens"u8);
        json.WriteString("model"u8, head.Model);
        if (output is null)
        {
            json.WritePropertyName("output"u8);
            json.WriteStartArray();
            json.WriteEndArray();
        }
        else
        {
            output.WriteOutput(json);
        }
        Echo(json, root, "parallel_tool_calls"u8, fallback: "true"u8);
        Echo(json, root, "previous_response_id"u8);
        json.WritePropertyName("reasoning"u8);
        json.WriteStartObject();
        if (root.TryGetProperty("reasoning"u8, out var reasoning) && reasoning.ValueKind == JsonValueKind.Object
            && reasoning.TryGetProperty("effort"u8, out var effort) && effort.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("effort"u8);
            effort.WriteTo(json);
        }
        else
        {
            json.WriteNull("effort"u8);
        }
        json.WriteNull("summary"u8);
        json.WriteEndObject();
        json.WriteBoolean("store"u8, head.Stored);
        Echo(json, root, "temperature"u8, fallback: "1"u8);
        Echo(json, root, "text"u8, fallback: """{"format":{"type":"text"}}"""u8);
        Echo(json, root, "tool_choice"u8, fallback: "\"auto\""u8);
        Echo(json, root, "tools"u8, fallback: "[]"u8);
        Echo(json, root, "top_p"u8, fallback: "1"u8);
        json.WriteString("truncation"u8, "disabled"u8);
        if (usage is { } used)
        {
            WriteUsage(json, used);
        }
        else
        {
            json.WriteNull("usage"u8);
        }
        Echo(json, root, "user"u8);
        Echo(json, root, "metadata"u8, fallback: "{}"u8);
        json.WriteEndObject();
    }

    /// <summary><c>"usage": {input_tokens, input_tokens_details, output_tokens, output_tokens_details, total_tokens}</c>.</summary>
    public static void WriteUsage(Utf8JsonWriter json, in TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName("usage"u8);
        json.WriteStartObject();
        json.WriteNumber("input_tokens"u8, usage.PromptTokens);
        json.WritePropertyName("input_tokens_details"u8);
        json.WriteStartObject();
        json.WriteNumber("cached_tokens"u8, usage.CachedReadTokens);
        json.WriteEndObject();
        json.WriteNumber("output_tokens"u8, usage.CompletionTokens);
        json.WritePropertyName("output_tokens_details"u8);
        json.WriteStartObject();
        json.WriteNumber("reasoning_tokens"u8, usage.ReasoningTokens);
        json.WriteEndObject();
        json.WriteNumber("total_tokens"u8, usage.TotalTokens);
        json.WriteEndObject();
    }

    private static void Echo(Utf8JsonWriter json, JsonElement root, ReadOnlySpan<byte> name, ReadOnlySpan<byte> fallback = default)
    {
        json.WritePropertyName(name);
        if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            value.WriteTo(json);
        }
        else if (fallback.IsEmpty)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(fallback, skipInputValidation: true);
        }
    }
}
