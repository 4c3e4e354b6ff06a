namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Maps Cohere's <c>finish_reason</c> to OpenAI's. Chat v2 documents COMPLETE, STOP_SEQUENCE, MAX_TOKENS, TOOL_CALL,
/// ERROR and TIMEOUT; early v2 answers used lower case and also content_blocked / error_limit, and v1's
/// ERROR_TOXIC / ERROR_LIMIT may still appear, so matching ignores case and knows those too.
/// </summary>
internal static class CohereFinishReasons
{
    /// <summary>The OpenAI finish reason, or null when Cohere reports that the generation failed (ERROR).</summary>
    public static string? ToOpenAi(ReadOnlySpan<byte> cohere, bool hasToolCalls)
    {
        if (Is(cohere, "COMPLETE"u8) || Is(cohere, "STOP_SEQUENCE"u8))
        {
            return hasToolCalls ? FinishReasons.ToolCalls : FinishReasons.Stop;
        }
        if (Is(cohere, "TOOL_CALL"u8))
        {
            return FinishReasons.ToolCalls;
        }
        // TIMEOUT stops a valid answer early, like a token limit; ERROR_LIMIT is v1's "context length reached".
        if (Is(cohere, "MAX_TOKENS"u8) || Is(cohere, "TIMEOUT"u8) || Is(cohere, "ERROR_LIMIT"u8))
        {
            return FinishReasons.Length;
        }
        if (Is(cohere, "ERROR_TOXIC"u8) || Is(cohere, "CONTENT_BLOCKED"u8))
        {
            return FinishReasons.ContentFilter;
        }
        if (Is(cohere, "ERROR"u8))
        {
            return null;
        }
        // A value added after this was written: the answer itself is whole, so report it as finished.
        return hasToolCalls ? FinishReasons.ToolCalls : FinishReasons.Stop;
    }

    private static bool Is(ReadOnlySpan<byte> value, ReadOnlySpan<byte> expected) => Ascii.EqualsIgnoreCase(value, expected);
}
