namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Converts a whole Messages API answer to an OpenAI <c>chat.completion</c>: text blocks joined into <c>content</c>,
/// <c>tool_use</c> blocks into <c>tool_calls</c> (the input object, as sent, is the arguments string), thinking into
/// <c>reasoning_content</c>, and the answer tool's input into <c>content</c>.
/// </summary>
internal static class AnthropicResponseConverter
{
    public static void Convert(ReadOnlySpan<byte> body, ResponseContext context, ResponseOutcome outcome, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(json);

        using var text = new PooledByteBufferWriter(1024);
        using var reasoning = new PooledByteBufferWriter(256);
        using var scratch = new JsonStringScratch();
        var calls = new List<ToolCallSlice>();
        var usage = new AnthropicUsageTotals();
        string? model = null;
        var finish = FinishReasons.Stop;
        var hasText = false;

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The provider's answer is not a JSON object.");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    outcome.ProviderResponseId ??= reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("stop_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        finish = AnthropicStopReasons.ToFinishReason(scratch.Unescape(ref reader));
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage.Read(ref reader);
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        hasText = ReadContent(body, ref reader, scratch, text, reasoning, calls);
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
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The provider's answer is not valid JSON.", ex);
        }

        finish = JsonAnswerTool.FinishReason(finish, clientToolCalled: calls.Count > 0);

        outcome.ProviderModel ??= model;
        outcome.FinishReason = finish;
        var generated = text.WrittenCount + reasoning.WrittenCount;
        foreach (var call in calls)
        {
            generated += call.Length;
        }
        if (generated > 0)
        {
            outcome.MarkFirstToken();
            outcome.GeneratedBytes += generated;
        }
        var tokens = usage.ToTokenUsage();
        if (usage.Seen)
        {
            outcome.Usage = tokens;
        }

        ChatCompletionWriter.WriteStart(json, context, model ?? context.Model);
        ChatCompletionWriter.WriteChoiceStart(json, 0);
        if (hasText || calls.Count == 0)
        {
            json.WriteString("content"u8, text.WrittenSpan);
        }
        else
        {
            json.WriteNull("content"u8);
        }
        ChatCompletionWriter.WriteReasoning(json, reasoning.WrittenSpan);
        if (calls.Count > 0)
        {
            WriteToolCalls(json, body, calls);
        }
        ChatCompletionWriter.WriteChoiceEnd(json, finish);
        ChatCompletionWriter.WriteEnd(json, tokens);
        json.Flush();
    }

    /// <summary>Reads the <c>content</c> array; returns whether any text (or answer) block was present.</summary>
    private static bool ReadContent(
        ReadOnlySpan<byte> body, ref Utf8JsonReader reader, JsonStringScratch scratch,
        PooledByteBufferWriter text, PooledByteBufferWriter reasoning, List<ToolCallSlice> calls)
    {
        var hasText = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var block = AnthropicBlockFields.None;
            block.Read(ref reader, delta: false);
            switch (block.Kind)
            {
                case AnthropicBlockKind.Text:
                {
                    hasText = true;
                    if (block.TextAt >= 0)
                    {
                        var value = AnthropicBlockFields.StringAt(body, block.TextAt);
                        text.Write(scratch.Unescape(ref value));
                    }
                    break;
                }
                case AnthropicBlockKind.Thinking when block.ThinkingAt >= 0:
                {
                    var value = AnthropicBlockFields.StringAt(body, block.ThinkingAt);
                    reasoning.Write(scratch.Unescape(ref value));
                    break;
                }
                case AnthropicBlockKind.ToolUse when block.NameAt >= 0:
                {
                    var input = block.InputStart >= 0 ? body[block.InputStart..block.InputEnd] : "{}"u8;
                    var name = AnthropicBlockFields.StringAt(body, block.NameAt);
                    if (name.ValueTextEquals(JsonAnswerTool.Utf8Name))
                    {
                        hasText = true;
                        text.Write(input);
                    }
                    else
                    {
                        var id = block.IdAt >= 0 ? AnthropicBlockFields.StringAt(body, block.IdAt).GetString()! : string.Empty;
                        calls.Add(new ToolCallSlice(id, name.GetString()!, block.InputStart, block.InputStart >= 0 ? input.Length : 0));
                    }
                    break;
                }
                default:
                    break;
            }
        }
        return hasText;
    }

    private static void WriteToolCalls(Utf8JsonWriter json, ReadOnlySpan<byte> body, List<ToolCallSlice> calls)
    {
        json.WritePropertyName("tool_calls"u8);
        json.WriteStartArray();
        foreach (var call in calls)
        {
            json.WriteStartObject();
            json.WriteString("id"u8, call.Id);
            json.WriteString("type"u8, "function"u8);
            json.WritePropertyName("function"u8);
            json.WriteStartObject();
            json.WriteString("name"u8, call.Name);
            json.WriteString("arguments"u8, call.Start >= 0 ? body.Slice(call.Start, call.Length) : "{}"u8);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private readonly record struct ToolCallSlice(string Id, string Name, int Start, int Length);
}
