using System.Text.Json;
using Gateway.Transforms.Usage;

namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Reads Converse <c>TokenUsage</c>. Bedrock's <c>inputTokens</c> counts only the input that was neither read from nor
/// written to the prompt cache (AWS: total input = inputTokens + cacheReadInputTokens + cacheWriteInputTokens), so the
/// cache counts are added back to give OpenAI's prompt tokens. Bedrock does not split reasoning out of outputTokens.
/// </summary>
internal static class BedrockUsageReader
{
    /// <summary>The reader is on the usage object's StartObject; it ends on its EndObject.</summary>
    public static TokenUsage Read(ref Utf8JsonReader reader)
    {
        int input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 1)
            {
                continue;
            }
            if (reader.ValueTextEquals("inputTokens"u8))
            {
                input = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("outputTokens"u8))
            {
                output = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cacheReadInputTokens"u8))
            {
                cacheRead = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cacheWriteInputTokens"u8))
            {
                cacheWrite = ReadInt(ref reader);
            }
        }
        return new TokenUsage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite);
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : 0;
    }
}
