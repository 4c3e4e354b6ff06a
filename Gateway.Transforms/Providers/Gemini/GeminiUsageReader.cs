using System.Text.Json;
using Gateway.Transforms.Usage;

namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Reads <c>usageMetadata</c> (the reader is on its StartObject; it ends on the EndObject). Gemini's
/// <c>promptTokenCount</c> already includes cached tokens; thoughts are billed as output, so completion tokens
/// are <c>candidatesTokenCount + thoughtsTokenCount</c>. Tokens of built-in tool prompts (search grounding) are input.
/// </summary>
internal static class GeminiUsageReader
{
    public static TokenUsage Read(ref Utf8JsonReader reader)
    {
        int prompt = 0, candidates = 0, thoughts = 0, cached = 0, toolUse = 0;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 1)
            {
                continue;
            }
            if (reader.ValueTextEquals("promptTokenCount"u8))
            {
                prompt = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("candidatesTokenCount"u8))
            {
                candidates = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("thoughtsTokenCount"u8))
            {
                thoughts = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cachedContentTokenCount"u8))
            {
                cached = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("toolUsePromptTokenCount"u8))
            {
                toolUse = ReadInt(ref reader);
            }
        }
        return new TokenUsage(prompt + toolUse, candidates + thoughts, cached, 0, thoughts);
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : 0;
    }
}
