namespace Gateway.Transforms.Messages;

/// <summary>
/// The client's Messages body for an Anthropic target: every field copied byte for byte (<c>cache_control</c> marks,
/// <c>thinking</c> and signed thinking blocks, <c>tool_choice</c>, documents, <c>metadata</c>, …), only <c>model</c>
/// rewritten to the target's. For <c>count_tokens</c>, the fields that endpoint refuses (generation settings) are left out.
/// </summary>
public static class AnthropicPassThroughRequestWriter
{
    public static void Write(ReadOnlySpan<byte> body, string model, IBufferWriter<byte> output, bool countTokens = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        var reader = new Utf8JsonReader(body);
        reader.Read();
        json.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                json.WriteString("model"u8, model);
                continue;
            }
            if (countTokens && IsGenerationSetting(ref reader))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            if (reader.ValueIsEscaped)
            {
                json.WritePropertyName(reader.GetString()!);
            }
            else
            {
                json.WritePropertyName(reader.ValueSpan);
            }
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            json.WriteRawValue(body[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }
        json.WriteEndObject();
    }

    private static bool IsGenerationSetting(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("stream"u8) || reader.ValueTextEquals("temperature"u8)
        || reader.ValueTextEquals("top_p"u8) || reader.ValueTextEquals("top_k"u8) || reader.ValueTextEquals("stop_sequences"u8)
        || reader.ValueTextEquals("metadata"u8) || reader.ValueTextEquals("service_tier"u8);
}
