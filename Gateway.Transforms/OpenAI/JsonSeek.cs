namespace Gateway.Transforms.OpenAI;

/// <summary>
/// Forward-only steps to one named property of the object a <see cref="Utf8JsonReader"/> reads, skipping the others.
/// The reader starts on the object's StartObject or on the last token of one of its values; called again after the
/// value is handled, a step goes on to a later property of the same name.
/// </summary>
internal static class JsonSeek
{
    /// <summary>Moves to the next property <paramref name="name"/> whose value is an object (the reader on its StartObject); false at the object's end.</summary>
    public static bool NextObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => Next(ref reader, name, JsonTokenType.StartObject);

    /// <summary>Moves to the next property <paramref name="name"/> whose value is a string (the reader on it); false at the object's end.</summary>
    public static bool NextString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => Next(ref reader, name, JsonTokenType.String);

    /// <summary>The first string property <paramref name="name"/> of the JSON object <paramref name="data"/>, raw (escapes kept); empty when there is none.</summary>
    public static ReadOnlySpan<byte> RawString(ReadOnlySpan<byte> data, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(data);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject && NextString(ref reader, name) ? reader.ValueSpan : default;
    }

    private static bool Next(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, JsonTokenType kind)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match && reader.TokenType == kind)
            {
                return true;
            }
            reader.Skip();
        }
        return false;
    }
}
