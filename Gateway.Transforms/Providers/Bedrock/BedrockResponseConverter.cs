namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Converts a Converse answer (<c>output.message.content[]</c>, <c>stopReason</c>, <c>usage</c>) to an OpenAI
/// <c>chat.completion</c>: text blocks are joined into <c>content</c>, <c>reasoningContent</c> becomes
/// <c>reasoning_content</c>, <c>toolUse</c> blocks become <c>tool_calls</c> with their input as the arguments string,
/// and the JSON-mode tool's input becomes the content. The answer carries no id or model name of its own.
/// </summary>
internal static class BedrockResponseConverter
{
    public static void Convert(ReadOnlySpan<byte> body, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(output);

        using var text = new PooledByteBufferWriter(1024);
        using var reasoning = new PooledByteBufferWriter(256);
        using var toolCalls = new PooledByteBufferWriter(256);
        var answer = new Answer();
        using (var tools = new Utf8JsonWriter(toolCalls, JsonWriting.Options))
        {
            try
            {
                Read(body, text, reasoning, tools, answer);
                if (answer.ToolCallCount > 0)
                {
                    tools.WriteEndArray();
                }
            }
            catch (JsonException ex)
            {
                throw new UpstreamFormatException("The provider's answer is not valid JSON.", ex);
            }
        }

        var finish = JsonAnswerTool.FinishReason(BedrockStopReasons.ToFinishReason(answer.StopReason), clientToolCalled: answer.ToolCallCount > 0);
        outcome.FinishReason = finish;
        outcome.Usage = answer.Usage;
        var generated = text.WrittenCount + reasoning.WrittenCount + answer.ArgumentBytes;
        if (generated > 0)
        {
            outcome.MarkFirstToken();
            outcome.GeneratedBytes += generated;
        }

        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        ChatCompletionWriter.WriteStart(json, context, context.Model);
        ChatCompletionWriter.WriteChoiceStart(json, 0);
        if (answer.HasText)
        {
            json.WriteString("content"u8, text.WrittenSpan);
        }
        else
        {
            json.WriteNull("content"u8);
        }
        ChatCompletionWriter.WriteReasoning(json, reasoning.WrittenSpan);
        if (answer.ToolCallCount > 0)
        {
            json.WritePropertyName("tool_calls"u8);
            json.WriteRawValue(toolCalls.WrittenSpan, skipInputValidation: true);
        }
        ChatCompletionWriter.WriteChoiceEnd(json, finish);
        ChatCompletionWriter.WriteEnd(json, answer.Usage);
    }

    private static void Read(ReadOnlySpan<byte> body, PooledByteBufferWriter text, PooledByteBufferWriter reasoning, Utf8JsonWriter tools, Answer answer)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new UpstreamFormatException("The provider's answer is not a JSON object.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("output"u8))
            {
                reader.Read();
                ReadOutput(ref reader, body, text, reasoning, tools, answer);
            }
            else if (reader.ValueTextEquals("stopReason"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    answer.StopReason = System.Text.Encoding.UTF8.GetBytes(reader.GetString()!);
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    answer.Usage = BedrockUsageReader.Read(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadOutput(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, PooledByteBufferWriter text, PooledByteBufferWriter reasoning, Utf8JsonWriter tools, Answer answer)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isContent = reader.ValueTextEquals("content"u8);
                reader.Read();
                if (!isContent || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadBlock(ref reader, body, text, reasoning, tools, answer);
                }
            }
        }
    }

    /// <summary>One content block; the reader is on its StartObject and ends on its EndObject.</summary>
    private static void ReadBlock(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, PooledByteBufferWriter text, PooledByteBufferWriter reasoning, Utf8JsonWriter tools, Answer answer)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    AppendString(ref reader, text);
                    answer.HasText = true;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("toolUse"u8))
            {
                reader.Read();
                ReadToolUse(ref reader, body, text, tools, answer);
            }
            else if (reader.ValueTextEquals("reasoningContent"u8))
            {
                reader.Read();
                ReadReasoning(ref reader, reasoning);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadToolUse(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, PooledByteBufferWriter text, Utf8JsonWriter tools, Answer answer)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        string? id = null, name = null;
        ReadOnlySpan<byte> input = "{}"u8;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("toolUseId"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                input = body[start..(int)reader.BytesConsumed];
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (name is null)
        {
            throw new UpstreamFormatException("A toolUse block in the provider's answer has no name.");
        }

        if (name == JsonAnswerTool.Name)
        {
            text.Write(input);
            answer.HasText = true;
            return;
        }
        if (answer.ToolCallCount == 0)
        {
            tools.WriteStartArray();
        }
        tools.WriteStartObject();
        tools.WriteString("id"u8, id ?? string.Empty);
        tools.WriteString("type"u8, "function"u8);
        tools.WritePropertyName("function"u8);
        tools.WriteStartObject();
        tools.WriteString("name"u8, name);
        tools.WriteString("arguments"u8, input);
        tools.WriteEndObject();
        tools.WriteEndObject();
        answer.ToolCallCount++;
        answer.ArgumentBytes += input.Length;
    }

    /// <summary><c>{"reasoningText":{"text","signature"}}</c>; redacted reasoning has no text to show.</summary>
    private static void ReadReasoning(ref Utf8JsonReader reader, PooledByteBufferWriter reasoning)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isText = reader.ValueTextEquals("reasoningText"u8);
            reader.Read();
            if (!isText || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isReasoning = reader.ValueTextEquals("text"u8);
                reader.Read();
                if (isReasoning && reader.TokenType == JsonTokenType.String)
                {
                    AppendString(ref reader, reasoning);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private static void AppendString(ref Utf8JsonReader reader, PooledByteBufferWriter target)
    {
        var span = target.GetSpan(reader.ValueSpan.Length);
        var written = reader.CopyString(span);
        target.Advance(written);
    }

    private sealed class Answer
    {
        public byte[] StopReason { get; set; } = [];

        public TokenUsage? Usage { get; set; }

        public bool HasText { get; set; }

        public int ToolCallCount { get; set; }

        public long ArgumentBytes { get; set; }
    }
}
