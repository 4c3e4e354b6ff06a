namespace Gateway.Transforms.Providers.Gemini;

/// <summary>Maps Gemini's <c>finishReason</c> to OpenAI's <c>finish_reason</c>.</summary>
internal static class GeminiFinishReasons
{
    /// <summary>Reads the string token the reader is on.</summary>
    public static GeminiFinishReason Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return GeminiFinishReason.None;
        }
        if (reader.ValueTextEquals("STOP"u8))
        {
            return GeminiFinishReason.Stop;
        }
        if (reader.ValueTextEquals("MAX_TOKENS"u8))
        {
            return GeminiFinishReason.MaxTokens;
        }
        if (reader.ValueTextEquals("SAFETY"u8) || reader.ValueTextEquals("RECITATION"u8) || reader.ValueTextEquals("BLOCKLIST"u8)
            || reader.ValueTextEquals("PROHIBITED_CONTENT"u8) || reader.ValueTextEquals("SPII"u8) || reader.ValueTextEquals("IMAGE_SAFETY"u8)
            || reader.ValueTextEquals("IMAGE_PROHIBITED_CONTENT"u8) || reader.ValueTextEquals("IMAGE_RECITATION"u8))
        {
            return GeminiFinishReason.ContentFilter;
        }
        return GeminiFinishReason.Other;
    }

    /// <summary>
    /// STOP after a function call is OpenAI's <c>tool_calls</c>; a stream that ended without a reason counts as
    /// STOP. OTHER, LANGUAGE and MALFORMED_FUNCTION_CALL have no OpenAI counterpart: the model stopped, so <c>stop</c>.
    /// </summary>
    public static string ToOpenAi(GeminiFinishReason reason, bool hasToolCalls) => reason switch
    {
        GeminiFinishReason.MaxTokens => FinishReasons.Length,
        GeminiFinishReason.ContentFilter => FinishReasons.ContentFilter,
        GeminiFinishReason.Stop or GeminiFinishReason.None when hasToolCalls => FinishReasons.ToolCalls,
        _ => FinishReasons.Stop,
    };
}
