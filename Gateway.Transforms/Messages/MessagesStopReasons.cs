namespace Gateway.Transforms.Messages;

/// <summary>
/// Maps the chat <c>finish_reason</c> of a translated answer to Anthropic's <c>stop_reason</c> (the other way is
/// <c>AnthropicStopReasons</c>, which the Anthropic adapter and the pass-through use). A chat <c>stop</c> does not say
/// whether a stop sequence ended the text, so it is <c>end_turn</c>.
/// </summary>
internal static class MessagesStopReasons
{
    public const string EndTurn = "end_turn";
    public const string MaxTokens = "max_tokens";
    public const string ToolUse = "tool_use";
    public const string Refusal = "refusal";

    public static string FromFinishReason(ReadOnlySpan<byte> finishReason)
    {
        if (finishReason.SequenceEqual("length"u8))
        {
            return MaxTokens;
        }
        if (finishReason.SequenceEqual("tool_calls"u8) || finishReason.SequenceEqual("function_call"u8))
        {
            return ToolUse;
        }
        return finishReason.SequenceEqual("content_filter"u8) ? Refusal : EndTurn;
    }
}
