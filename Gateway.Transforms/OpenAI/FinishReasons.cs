namespace Gateway.Transforms.OpenAI;

/// <summary>OpenAI's <c>finish_reason</c> values.</summary>
internal static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ToolCalls = "tool_calls";
    public const string ContentFilter = "content_filter";

    /// <summary>One of these values as UTF-8 (any other as <c>stop</c>), for a finish chunk written without allocating.</summary>
    public static ReadOnlySpan<byte> Utf8(string finishReason) => finishReason switch
    {
        Length => "length"u8,
        ToolCalls => "tool_calls"u8,
        ContentFilter => "content_filter"u8,
        _ => "stop"u8,
    };
}
