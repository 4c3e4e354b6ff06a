namespace Gateway.Transforms.Providers.Gemini;

/// <summary>Gemini's <c>finishReason</c> values, grouped by what they mean to an OpenAI client.</summary>
internal enum GeminiFinishReason
{
    /// <summary>Not finished (no <c>finishReason</c> yet).</summary>
    None,

    /// <summary><c>STOP</c>: natural end or a stop sequence.</summary>
    Stop,

    /// <summary><c>MAX_TOKENS</c>.</summary>
    MaxTokens,

    /// <summary>Output withheld by a filter: SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, IMAGE_*.</summary>
    ContentFilter,

    /// <summary>OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL and anything newer.</summary>
    Other,
}
