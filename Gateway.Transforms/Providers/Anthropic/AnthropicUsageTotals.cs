namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Anthropic's usage counters as they arrive: <c>message_start</c> carries the input side, <c>message_delta</c> the
/// cumulative output (and, where present, updated input counts), so later values replace earlier ones.
/// </summary>
internal sealed class AnthropicUsageTotals
{
    public bool Seen { get; private set; }

    public int InputTokens { get; private set; }

    public int CacheReadTokens { get; private set; }

    public int CacheWriteTokens { get; private set; }

    public int OutputTokens { get; private set; }

    public int ThinkingTokens { get; private set; }

    /// <summary>OpenAI's prompt tokens include cached reads and cache writes; Anthropic counts them apart.</summary>
    public TokenUsage ToTokenUsage() =>
        new(InputTokens + CacheReadTokens + CacheWriteTokens, OutputTokens, CacheReadTokens, CacheWriteTokens, ThinkingTokens);

    /// <summary>Reads a <c>usage</c> object: the reader is on its StartObject and ends on its EndObject.</summary>
    public void Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        Seen = true;
        // Only the top-level counters: nested objects (cache_creation, iterations) repeat names with other meanings.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                InputTokens = ReadInt(ref reader, InputTokens);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                CacheReadTokens = ReadInt(ref reader, CacheReadTokens);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                CacheWriteTokens = ReadInt(ref reader, CacheWriteTokens);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                OutputTokens = ReadInt(ref reader, OutputTokens);
            }
            else if (reader.ValueTextEquals("output_tokens_details"u8))
            {
                reader.Read();
                ReadOutputDetails(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadOutputDetails(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("thinking_tokens"u8))
            {
                ThinkingTokens = ReadInt(ref reader, ThinkingTokens);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>A null or missing counter keeps the value already known.</summary>
    private static int ReadInt(ref Utf8JsonReader reader, int current)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }
        reader.Skip();
        return current;
    }
}
