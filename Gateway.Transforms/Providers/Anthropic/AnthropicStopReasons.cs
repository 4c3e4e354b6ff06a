namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>Maps Anthropic's <c>stop_reason</c> to OpenAI's <c>finish_reason</c>.</summary>
internal static class AnthropicStopReasons
{
    public static string ToFinishReason(ReadOnlySpan<byte> stopReason)
    {
        if (stopReason.SequenceEqual("max_tokens"u8) || stopReason.SequenceEqual("model_context_window_exceeded"u8))
        {
            return FinishReasons.Length;
        }
        if (stopReason.SequenceEqual("tool_use"u8))
        {
            return FinishReasons.ToolCalls;
        }
        if (stopReason.SequenceEqual("refusal"u8))
        {
            return FinishReasons.ContentFilter;
        }
        // end_turn, stop_sequence, pause_turn (a server tool paused the turn; the text so far is the answer) and any
        // value newer than this code: OpenAI's SDKs accept only their own finish reasons.
        return FinishReasons.Stop;
    }
}
