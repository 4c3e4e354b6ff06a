namespace Gateway.Transforms.Providers.Cohere;

/// <summary>Small forward-only navigation steps over Cohere's nested JSON with <see cref="Utf8JsonReader"/>.</summary>
internal static class CohereJson
{
    /// <summary>
    /// With the reader on an object's start, moves to the value of its property <paramref name="name"/>, skipping
    /// earlier siblings. Returns false when the reader is not on an object or the property is absent; the reader's
    /// position is then of no use to the caller.
    /// </summary>
    public static bool MoveToProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return true;
            }
            reader.Skip();
        }
        return false;
    }

    /// <summary>Follows <c>a.b.c</c> from the reader's object start; see <see cref="MoveToProperty"/>.</summary>
    public static bool MoveToPath(ref Utf8JsonReader reader, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third) =>
        MoveToProperty(ref reader, first) && MoveToProperty(ref reader, second) && MoveToProperty(ref reader, third);

    /// <summary>Reads an integer count (Cohere documents its counts as JSON numbers), 0 when it is not one.</summary>
    public static int ReadCount(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return 0;
        }
        if (reader.TryGetInt32(out var value))
        {
            return Math.Max(value, 0);
        }
        return reader.TryGetDouble(out var number) && number > 0 ? (int)Math.Min(number, int.MaxValue) : 0;
    }
}
