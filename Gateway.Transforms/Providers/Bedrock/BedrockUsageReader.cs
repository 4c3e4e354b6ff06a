namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Reads Converse <c>TokenUsage</c>. Bedrock's <c>inputTokens</c> counts only the input that was neither read from nor
/// written to the prompt cache (AWS: total input = inputTokens + cacheReadInputTokens + cacheWriteInputTokens), so the
/// cache counts are added back to give OpenAI's prompt tokens. Bedrock does not split reasoning out of outputTokens.
/// </summary>
internal static class BedrockUsageReader
{
    private static readonly byte[][] Counters =
        ["inputTokens"u8.ToArray(), "outputTokens"u8.ToArray(), "cacheReadInputTokens"u8.ToArray(), "cacheWriteInputTokens"u8.ToArray()];

    /// <summary>The reader is on the usage object's StartObject; it ends on its EndObject.</summary>
    public static TokenUsage Read(ref Utf8JsonReader reader)
    {
        Span<int> counts = stackalloc int[4];
        UsageCounters.Read(ref reader, Counters, counts);
        int input = counts[0], output = counts[1], cacheRead = counts[2], cacheWrite = counts[3];
        return new TokenUsage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite);
    }
}
