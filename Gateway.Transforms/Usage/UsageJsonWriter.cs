using System.Text.Json;

namespace Gateway.Transforms.Usage;

/// <summary>Writes OpenAI's <c>usage</c> object.</summary>
public static class UsageJsonWriter
{
    public static void Write(Utf8JsonWriter writer, in TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName("usage"u8);
        writer.WriteStartObject();
        writer.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
        writer.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
        writer.WriteNumber("total_tokens"u8, usage.TotalTokens);
        writer.WritePropertyName("prompt_tokens_details"u8);
        writer.WriteStartObject();
        writer.WriteNumber("cached_tokens"u8, usage.CachedReadTokens);
        if (usage.CacheWriteTokens > 0)
        {
            writer.WriteNumber("cache_write_tokens"u8, usage.CacheWriteTokens);
        }
        writer.WriteEndObject();
        writer.WritePropertyName("completion_tokens_details"u8);
        writer.WriteStartObject();
        writer.WriteNumber("reasoning_tokens"u8, usage.ReasoningTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
