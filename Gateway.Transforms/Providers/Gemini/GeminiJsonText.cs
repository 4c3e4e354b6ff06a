using System.Text.Json;

namespace Gateway.Transforms.Providers.Gemini;

/// <summary>Checks on JSON carried inside strings (tool call arguments, tool results).</summary>
internal static class GeminiJsonText
{
    /// <summary>True when <paramref name="utf8"/> is exactly one JSON object (surrounding whitespace allowed).</summary>
    public static bool IsJsonObject(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
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
