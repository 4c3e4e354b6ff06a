namespace Gateway.Transforms.Messages;

/// <summary>
/// The counts of a chat answer's <c>usage</c> that Anthropic's usage is written from (<see cref="MessagesUsageWriter"/>),
/// read alike from a whole answer and from a stream's usage chunk.
/// </summary>
internal struct ChatUsageCounts
{
    public int PromptTokens;
    public int CompletionTokens;
    public int CachedTokens;
    public int CacheWriteTokens;

    /// <summary>Reads a <c>usage</c> value (the reader on it, left on its last token); a count it lacks keeps its value.</summary>
    public void Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                PromptTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                CompletionTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                ReadPromptDetails(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadPromptDetails(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("cached_tokens"u8))
            {
                CachedTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cache_write_tokens"u8))
            {
                CacheWriteTokens = ReadInt(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }
        reader.Skip();
        return 0;
    }
}
