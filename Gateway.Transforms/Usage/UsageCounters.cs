namespace Gateway.Transforms.Usage;

/// <summary>Reads a provider's flat usage object of integer counters (Bedrock's <c>usage</c>, Gemini's <c>usageMetadata</c>).</summary>
internal static class UsageCounters
{
    /// <summary>
    /// Reads the counters named in <paramref name="names"/> into the same places of <paramref name="counts"/> (left as
    /// they are when absent; 0 when not a whole number). Only the object's own members count, not those of nested
    /// objects. The reader is on the object's StartObject and ends on its EndObject.
    /// </summary>
    public static void Read(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte[]> names, scoped Span<int> counts)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 1)
            {
                continue;
            }
            for (var i = 0; i < names.Length; i++)
            {
                if (reader.ValueTextEquals(names[i]))
                {
                    counts[i] = ReadCount(ref reader);
                    break;
                }
            }
        }
    }

    /// <summary>Reads the value after a counter's name: the number, 0 when it is not a whole number.</summary>
    public static int ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : 0;
    }
}
