namespace Gateway.Transforms.Usage;

/// <summary>Writes OpenAI's <c>usage</c> object, with OpenRouter's <c>cost</c> when the client asked for it.</summary>
public static class UsageJsonWriter
{
    public static void Write(Utf8JsonWriter writer, in TokenUsage usage) => Write(writer, usage, null);

    /// <summary>Writes <c>"usage": {…}</c>; with <see cref="ResponseContext.UsageCost"/> set, the object ends with <c>cost</c>.</summary>
    public static void Write(Utf8JsonWriter writer, in TokenUsage usage, ResponseContext? context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName("usage"u8);
        writer.WriteStartObject();
        writer.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
        writer.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
        writer.WriteNumber("total_tokens"u8, usage.TotalTokens);
        writer.WritePropertyName("prompt_tokens_details"u8);
        writer.WriteStartObject();
        writer.WriteNumber("cached_tokens"u8, usage.CachedReadTokens);
        if (usage.CacheWriteTokens > 0)
        {
            writer.WriteNumber("cache_write_tokens"u8, usage.CacheWriteTokens);
        }
        writer.WriteEndObject();
        writer.WritePropertyName("completion_tokens_details"u8);
        writer.WriteStartObject();
        writer.WriteNumber("reasoning_tokens"u8, usage.ReasoningTokens);
        writer.WriteEndObject();
        if (context?.UsageCost is { } cost)
        {
            writer.WriteNumber("cost"u8, cost(usage));
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a provider's own usage object (<paramref name="usageObject"/>, raw JSON) as the current value, field for
    /// field, with <c>cost</c> appended; a <c>cost</c> the provider sent (an upstream OpenRouter's) is replaced by ours.
    /// </summary>
    public static void WriteObjectWithCost(Utf8JsonWriter writer, ReadOnlySpan<byte> usageObject, decimal cost)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var reader = new Utf8JsonReader(usageObject);
        reader.Read();
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("cost"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            CopyPropertyName(ref reader, usageObject, writer);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            writer.WriteRawValue(usageObject[valueStart..(int)reader.BytesConsumed], skipInputValidation: true);
        }
        writer.WriteNumber("cost"u8, cost);
        writer.WriteEndObject();
    }

    /// <summary>Writes the name the reader is on, from the source bytes when unescaped (no allocation).</summary>
    internal static void CopyPropertyName(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, Utf8JsonWriter writer)
    {
        if (reader.ValueIsEscaped)
        {
            writer.WritePropertyName(reader.GetString()!);
            return;
        }
        // The token starts at the opening quote.
        writer.WritePropertyName(source.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
    }
}
