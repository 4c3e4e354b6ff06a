namespace Gateway.Transforms.OpenAI;

/// <summary>Checks on JSON carried inside a string (tool-call arguments, tool results).</summary>
internal static class JsonObjectText
{
    /// <summary>
    /// True when <paramref name="utf8"/> is exactly one JSON object (surrounding whitespace allowed), nested no deeper
    /// than <paramref name="maxDepth"/>.
    /// </summary>
    public static bool IsObject(ReadOnlySpan<byte> utf8, int maxDepth = 64)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
