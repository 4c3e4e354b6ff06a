namespace Gateway.Transforms.Messages;

/// <summary>
/// Converts a whole <c>chat.completion</c> (what every provider adapter writes) to Anthropic's Messages answer: the first
/// choice's reasoning as a <c>thinking</c> block, its text as a <c>text</c> block, each tool call as a <c>tool_use</c>
/// block with its arguments as <c>input</c>, the finish reason as <c>stop_reason</c>, and the usage in Anthropic's terms.
/// </summary>
public static class ChatToMessagesConverter
{
    /// <exception cref="UpstreamFormatException">The chat answer is not a JSON object.</exception>
    public static void Convert(ReadOnlySpan<byte> chatCompletion, ResponseContext context, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(json);
        using var scratch = new JsonStringScratch();
        var scan = Scan(chatCompletion, scratch);
        json.WriteStartObject();
        json.WriteString("id"u8, context.ResponseId);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, ChatDeltaReader.ReadModel(chatCompletion) ?? context.Model);
        json.WritePropertyName("content"u8);
        json.WriteStartArray();
        if (scan.MessageLength > 0)
        {
            var message = chatCompletion.Slice(scan.MessageStart, scan.MessageLength);
            WriteTextBlock(message, json, scratch, "thinking"u8, "reasoning_content"u8, "reasoning"u8);
            WriteTextBlock(message, json, scratch, "text"u8, "content"u8, "content"u8);
            WriteToolUses(message, json, scratch);
        }
        json.WriteEndArray();
        json.WriteString("stop_reason"u8, scan.StopReason);
        json.WriteNull("stop_sequence"u8);
        MessagesUsageWriter.Write(json, scan.Usage);
        json.WriteEndObject();
        json.Flush();
    }

    private static AnswerScan Scan(ReadOnlySpan<byte> body, JsonStringScratch scratch)
    {
        var scan = new AnswerScan();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The chat answer is not a JSON object.");
            }
            ChatDeltaReader.Read(ref reader, scratch, scan);
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The chat answer is not valid JSON.", ex);
        }
        return scan;
    }

    /// <summary>
    /// A <c>thinking</c> or <c>text</c> block (<paramref name="type"/>, also its text's field) from the message's first
    /// non-empty string under <paramref name="name"/> or <paramref name="alias"/>; nothing when there is none.
    /// </summary>
    private static void WriteTextBlock(
        ReadOnlySpan<byte> message, Utf8JsonWriter json, JsonStringScratch scratch, ReadOnlySpan<byte> type, ReadOnlySpan<byte> name, ReadOnlySpan<byte> alias)
    {
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isText = reader.ValueTextEquals(name) || reader.ValueTextEquals(alias);
            reader.Read();
            if (isText && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
            {
                json.WriteStartObject();
                json.WriteString("type"u8, type);
                json.WriteString(type, scratch.Unescape(ref reader));
                if (type.SequenceEqual("thinking"u8))
                {
                    json.WriteString("signature"u8, ""u8);
                }
                json.WriteEndObject();
                return;
            }
            reader.Skip();
        }
    }

    private static void WriteToolUses(ReadOnlySpan<byte> message, Utf8JsonWriter json, JsonStringScratch scratch)
    {
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCalls = reader.ValueTextEquals("tool_calls"u8);
            reader.Read();
            if (!isCalls || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                WriteToolUse(ChatToolCallDelta.Read(ref reader, scratch), json);
            }
        }
    }

    /// <summary>One tool call as a <c>tool_use</c> block.</summary>
    private static void WriteToolUse(in ChatToolCallDelta call, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "tool_use"u8);
        if (call.Id is not null)
        {
            json.WriteString("id"u8, call.Id);
        }
        if (call.Name is not null)
        {
            json.WriteString("name"u8, call.Name);
        }
        json.WritePropertyName("input"u8);
        if (JsonObjectText.IsObject(call.Arguments))
        {
            json.WriteRawValue(call.Arguments, skipInputValidation: true);
        }
        else
        {
            // Anthropic's input is an object; arguments that are none (empty, cut off) are no input.
            json.WriteStartObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Where the first choice's message is, the stop reason and the usage, read in one pass.</summary>
    private sealed class AnswerScan : IChatDeltaSink
    {
        public int MessageStart;
        public int MessageLength;
        public string StopReason = MessagesStopReasons.EndTurn;
        public ChatUsageCounts Usage;

        public void OnMessage(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }
            MessageStart = (int)reader.TokenStartIndex;
            reader.Skip();
            MessageLength = (int)reader.BytesConsumed - MessageStart;
        }

        public void OnFinishReason(ReadOnlySpan<byte> finishReason) => StopReason = MessagesStopReasons.FromFinishReason(finishReason);

        public void OnUsage(ref Utf8JsonReader reader) => Usage.Read(ref reader);

        public bool OnError(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return false;
        }

        // A whole answer has a message, no deltas.
        public void OnText(ReadOnlySpan<byte> text)
        {
        }

        public void OnReasoning(ReadOnlySpan<byte> text)
        {
        }

        public void OnToolCall(in ChatToolCallDelta call)
        {
        }
    }
}
