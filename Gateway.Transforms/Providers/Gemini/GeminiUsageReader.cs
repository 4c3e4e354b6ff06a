namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Reads <c>usageMetadata</c> (the reader is on its StartObject; it ends on the EndObject). Gemini's
/// <c>promptTokenCount</c> already includes cached tokens; thoughts are billed as output, so completion tokens
/// are <c>candidatesTokenCount + thoughtsTokenCount</c>. Tokens of built-in tool prompts (search grounding) are input.
/// </summary>
internal static class GeminiUsageReader
{
    private static readonly byte[][] Counters =
    [
        "promptTokenCount"u8.ToArray(), "candidatesTokenCount"u8.ToArray(), "thoughtsTokenCount"u8.ToArray(),
        "cachedContentTokenCount"u8.ToArray(), "toolUsePromptTokenCount"u8.ToArray(),
    ];

    public static TokenUsage Read(ref Utf8JsonReader reader)
    {
        Span<int> counts = stackalloc int[5];
        UsageCounters.Read(ref reader, Counters, counts);
        int prompt = counts[0], candidates = counts[1], thoughts = counts[2], cached = counts[3], toolUse = counts[4];
        return new TokenUsage(prompt + toolUse, candidates + thoughts, cached, 0, thoughts);
    }
}
