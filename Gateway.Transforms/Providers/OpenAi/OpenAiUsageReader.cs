namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>Reads OpenAI's <c>usage</c> object (the reader is on its StartObject; it ends on the EndObject).</summary>
internal static class OpenAiUsageReader
{
    public static TokenUsage Read(ref Utf8JsonReader reader)
    {
        int prompt = 0, completion = 0, cached = 0, cacheWrite = 0, reasoning = 0;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = UsageCounters.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completion = UsageCounters.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cached_tokens"u8) || reader.ValueTextEquals("prompt_cache_hit_tokens"u8))
            {
                // DeepSeek reports cache hits as prompt_cache_hit_tokens, beside (or instead of) OpenAI's cached_tokens.
                cached = Math.Max(cached, UsageCounters.ReadCount(ref reader));
            }
            else if (reader.ValueTextEquals("cache_write_tokens"u8) || reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheWrite = UsageCounters.ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_tokens"u8))
            {
                reasoning = UsageCounters.ReadCount(ref reader);
            }
        }
        return new TokenUsage(prompt, completion, cached, cacheWrite, reasoning);
    }
}
