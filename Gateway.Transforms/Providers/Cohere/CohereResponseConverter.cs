namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Converts a whole Chat v2 answer (<c>{id, finish_reason, message{content[], tool_plan, tool_calls[]}, usage}</c>)
/// to an OpenAI <c>chat.completion</c>. Text parts are joined into <c>content</c>; <c>thinking</c> parts and
/// <c>tool_plan</c> become <c>reasoning_content</c>; tool call ids, names and arguments are copied verbatim.
/// </summary>
internal static class CohereResponseConverter
{
    public static void Convert(ReadOnlySpan<byte> body, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        using var text = new PooledByteBufferWriter(1024);
        using var reasoning = new PooledByteBufferWriter(256);
        var toolCalls = new List<ToolCallRange>();
        var answer = Read(body, text, reasoning, toolCalls);

        outcome.ProviderResponseId = answer.Id;
        if (answer.Usage is { } usage)
        {
            outcome.Usage = usage;
        }
        var finish = CohereFinishReasons.ToOpenAi(body.Slice(answer.FinishStart, answer.FinishLength), toolCalls.Count > 0);
        if (finish is null)
        {
            throw new UpstreamGenerationException(GatewayError.UpstreamFailure(
                502, $"Provider '{context.ProviderId}' reported that the generation failed (finish_reason ERROR).", "upstream_error"));
        }
        outcome.FinishReason = finish;
        var generated = text.WrittenCount + reasoning.WrittenCount;
        foreach (var call in toolCalls)
        {
            // The ranges hold the quoted JSON string; its text is two bytes shorter (escapes aside).
            generated += Math.Max(call.ArgumentsLength - 2, 0);
        }
        if (generated > 0)
        {
            outcome.MarkFirstToken();
            outcome.GeneratedBytes += generated;
        }

        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        ChatCompletionWriter.WriteStart(json, context, context.Model);
        ChatCompletionWriter.WriteChoiceStart(json, 0);
        WriteMessage(json, body, text, reasoning, toolCalls);
        ChatCompletionWriter.WriteChoiceEnd(json, finish);
        ChatCompletionWriter.WriteEnd(json, answer.Usage);
    }

    private static void WriteMessage(
        Utf8JsonWriter json, ReadOnlySpan<byte> body, PooledByteBufferWriter text, PooledByteBufferWriter reasoning, List<ToolCallRange> toolCalls)
    {
        // No text next to tool calls is OpenAI's null; a plain answer that is empty stays a string for clients that read it.
        if (text.WrittenCount == 0 && toolCalls.Count > 0)
        {
            json.WriteNull("content"u8);
        }
        else
        {
            json.WriteString("content"u8, text.WrittenSpan);
        }
        ChatCompletionWriter.WriteReasoning(json, reasoning.WrittenSpan);
        if (toolCalls.Count > 0)
        {
            json.WritePropertyName("tool_calls"u8);
            json.WriteStartArray();
            foreach (var call in toolCalls)
            {
                json.WriteStartObject();
                json.WritePropertyName("id"u8);
                json.WriteRawValue(body.Slice(call.IdStart, call.IdLength), skipInputValidation: true);
                json.WriteString("type"u8, "function"u8);
                json.WritePropertyName("function"u8);
                json.WriteStartObject();
                json.WritePropertyName("name"u8);
                json.WriteRawValue(body.Slice(call.NameStart, call.NameLength), skipInputValidation: true);
                json.WritePropertyName("arguments"u8);
                if (call.ArgumentsLength > 0)
                {
                    json.WriteRawValue(body.Slice(call.ArgumentsStart, call.ArgumentsLength), skipInputValidation: true);
                }
                else
                {
                    json.WriteStringValue("{}"u8);
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
    }

    private static Answer Read(ReadOnlySpan<byte> body, PooledByteBufferWriter text, PooledByteBufferWriter reasoning, List<ToolCallRange> toolCalls)
    {
        var answer = default(Answer);
        var hasMessage = false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The provider's answer is not a JSON object.");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    answer.Id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        answer.FinishStart = (int)reader.TokenStartIndex + 1;
                        answer.FinishLength = reader.ValueSpan.Length;
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        answer.Usage = CohereUsageReader.Read(ref reader);
                    }
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new UpstreamFormatException("The provider's answer has no message object.");
                    }
                    hasMessage = true;
                    ReadMessage(ref reader, text, reasoning, toolCalls);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The provider's answer is not valid JSON.", ex);
        }
        if (!hasMessage)
        {
            throw new UpstreamFormatException("The provider's answer has no message object.");
        }
        return answer;
    }

    private static void ReadMessage(ref Utf8JsonReader reader, PooledByteBufferWriter text, PooledByteBufferWriter reasoning, List<ToolCallRange> toolCalls)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadContent(ref reader, text, reasoning);
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    AppendString(ref reader, text);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("tool_plan"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    AppendString(ref reader, reasoning);
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadToolCalls(ref reader, toolCalls);
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

    /// <summary>Parts are <c>{type:"text", text}</c> or <c>{type:"thinking", thinking}</c>; the value's name tells them apart.</summary>
    private static void ReadContent(ref Utf8JsonReader reader, PooledByteBufferWriter text, PooledByteBufferWriter reasoning)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var target = reader.ValueTextEquals("text"u8) ? text : reader.ValueTextEquals("thinking"u8) ? reasoning : null;
                reader.Read();
                if (target is not null && reader.TokenType == JsonTokenType.String)
                {
                    AppendString(ref reader, target);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, List<ToolCallRange> toolCalls)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            var call = default(ToolCallRange);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    (call.IdStart, call.IdLength) = RawString(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    ReadFunction(ref reader, ref call);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (call.IdLength == 0 || call.NameLength == 0)
            {
                throw new UpstreamFormatException("The provider's answer has a tool call without an id or a function name.");
            }
            toolCalls.Add(call);
        }
    }

    private static void ReadFunction(ref Utf8JsonReader reader, ref ToolCallRange call)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            var isArguments = reader.ValueTextEquals("arguments"u8);
            reader.Read();
            if (isName)
            {
                (call.NameStart, call.NameLength) = RawString(ref reader);
            }
            else if (isArguments)
            {
                // An empty string carries no arguments; it is written as "{}" like a missing one.
                (call.ArgumentsStart, call.ArgumentsLength) = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0
                    ? RawString(ref reader)
                    : (0, 0);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>The string token with its quotes and escapes, to be copied as a JSON value.</summary>
    private static (int Start, int Length) RawString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return (0, 0);
        }
        var start = (int)reader.TokenStartIndex;
        return (start, (int)reader.BytesConsumed - start);
    }

    private static void AppendString(ref Utf8JsonReader reader, PooledByteBufferWriter target)
    {
        var span = target.GetSpan(reader.ValueSpan.Length);
        var written = reader.CopyString(span);
        target.Advance(written);
    }

    private struct Answer
    {
        public string? Id;
        public int FinishStart;
        public int FinishLength;
        public TokenUsage? Usage;
    }

    private struct ToolCallRange
    {
        public int IdStart;
        public int IdLength;
        public int NameStart;
        public int NameLength;
        public int ArgumentsStart;
        public int ArgumentsLength;
    }
}
