namespace Gateway.Transforms.OpenAI;

/// <summary>
/// Reads one chat chunk (or a whole chat answer), as the provider adapters write them, for the doors that translate it
/// (Messages, Responses): the first choice's delta (text, reasoning, tool-call fragments) or message, its finish reason,
/// the usage and an error, handed to a sink in the order they come. Strings are unescaped into the scratch buffer, so a
/// chunk costs no allocation.
/// </summary>
internal static class ChatDeltaReader
{
    /// <summary>Reads the members of the chunk whose StartObject the reader is on.</summary>
    public static void Read(ref Utf8JsonReader reader, JsonStringScratch scratch, IChatDeltaSink sink)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, scratch, sink);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                sink.OnUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (sink.OnError(ref reader))
                {
                    return;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>The chunk's or answer's <c>model</c>, or null (its first string member of that name).</summary>
    public static string? ReadModel(ReadOnlySpan<byte> chunk)
    {
        var reader = new Utf8JsonReader(chunk);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject && JsonSeek.NextString(ref reader, "model"u8) ? reader.GetString() : null;
    }

    private static void ReadChoices(ref Utf8JsonReader reader, JsonStringScratch scratch, IChatDeltaSink sink)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                // One answer per translated request (n is 1): a second choice has no place in either door's grammar.
                reader.Skip();
                continue;
            }
            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader, scratch, sink);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    sink.OnMessage(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        sink.OnFinishReason(scratch.Unescape(ref reader));
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, JsonStringScratch scratch, IChatDeltaSink sink)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        // The gateway's chunks carry reasoning twice (reasoning_content and reasoning): one is the text.
        var reasoningSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                {
                    sink.OnText(scratch.Unescape(ref reader));
                }
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 && !reasoningSeen)
                {
                    reasoningSeen = true;
                    sink.OnReasoning(scratch.Unescape(ref reader));
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader, scratch, sink);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, JsonStringScratch scratch, IChatDeltaSink sink)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            sink.OnToolCall(ChatToolCallDelta.Read(ref reader, scratch));
        }
    }
}
