namespace Gateway.Transforms.Messages;

/// <summary>
/// Writes Anthropic's <c>usage</c> from chat counts: OpenAI's prompt tokens include cache reads and writes, Anthropic's
/// <c>input_tokens</c> do not.
/// </summary>
internal static class MessagesUsageWriter
{
    public static void Write(Utf8JsonWriter json, in ChatUsageCounts usage)
    {
        json.WritePropertyName("usage"u8);
        json.WriteStartObject();
        json.WriteNumber("input_tokens"u8, Math.Max(0, usage.PromptTokens - usage.CachedTokens - usage.CacheWriteTokens));
        json.WriteNumber("cache_creation_input_tokens"u8, usage.CacheWriteTokens);
        json.WriteNumber("cache_read_input_tokens"u8, usage.CachedTokens);
        json.WriteNumber("output_tokens"u8, usage.CompletionTokens);
        json.WriteEndObject();
    }
}
