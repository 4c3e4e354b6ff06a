namespace Gateway.Transforms.Usage;

/// <summary>
/// Adds OpenRouter's <c>usage.cost</c> to a converted whole answer (a <c>chat.completion</c>), whatever adapter wrote
/// it, so no adapter has to know about pricing. Runs only for clients that asked for usage accounting.
/// </summary>
public static class UsageCostInjector
{
    /// <summary>
    /// Copies <paramref name="answer"/> to <paramref name="output"/> with <c>cost</c> in its top-level <c>usage</c>
    /// object. Returns false (and writes nothing) when the answer is not an object or has no usage object.
    /// </summary>
    public static bool TryInject(ReadOnlySpan<byte> answer, decimal cost, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!HasUsageObject(answer))
        {
            return false;
        }
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        var reader = new Utf8JsonReader(answer);
        reader.Read();
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("usage"u8);
            UsageJsonWriter.CopyPropertyName(ref reader, answer, writer);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            var value = answer[valueStart..(int)reader.BytesConsumed];
            if (isUsage)
            {
                UsageJsonWriter.WriteObjectWithCost(writer, value, cost);
            }
            else
            {
                writer.WriteRawValue(value, skipInputValidation: true);
            }
        }
        writer.WriteEndObject();
        writer.Flush();
        return true;
    }

    private static bool HasUsageObject(ReadOnlySpan<byte> answer)
    {
        try
        {
            var reader = new Utf8JsonReader(answer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isUsage && reader.TokenType == JsonTokenType.StartObject)
                {
                    return true;
                }
                reader.Skip();
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
