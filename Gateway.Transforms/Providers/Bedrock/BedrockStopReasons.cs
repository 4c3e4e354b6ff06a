namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>Maps Converse <c>stopReason</c> to OpenAI <c>finish_reason</c>.</summary>
internal static class BedrockStopReasons
{
    /// <summary>
    /// <c>end_turn</c>/<c>stop_sequence</c> → stop; <c>max_tokens</c>/<c>model_context_window_exceeded</c> → length;
    /// <c>tool_use</c> → tool_calls (see <see cref="JsonAnswerTool.FinishReason"/> for a call of the JSON-mode tool alone);
    /// <c>guardrail_intervened</c>/<c>content_filtered</c> → content_filter. <c>malformed_model_output</c>,
    /// <c>malformed_tool_use</c> and values added later have no OpenAI counterpart and become stop, since OpenAI's
    /// SDKs reject finish reasons they do not know.
    /// </summary>
    public static string ToFinishReason(ReadOnlySpan<byte> stopReason)
    {
        if (stopReason.SequenceEqual("tool_use"u8))
        {
            return FinishReasons.ToolCalls;
        }
        if (stopReason.SequenceEqual("max_tokens"u8) || stopReason.SequenceEqual("model_context_window_exceeded"u8))
        {
            return FinishReasons.Length;
        }
        if (stopReason.SequenceEqual("guardrail_intervened"u8) || stopReason.SequenceEqual("content_filtered"u8))
        {
            return FinishReasons.ContentFilter;
        }
        return FinishReasons.Stop;
    }
}
