namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Copies a <c>choices</c> array token by token, adding to each <c>delta</c> or <c>message</c> that carries reasoning
/// under only one of <c>reasoning_content</c> (DeepSeek, xAI, vLLM, Fireworks) and <c>reasoning</c> (OpenRouter, Groq,
/// Ollama) the same text under the other name, so clients find it where the gateway's converters put it.
/// Values are copied as their original JSON tokens; nothing is allocated unless a property name is escaped.
/// </summary>
internal static class OpenAiReasoningMirror
{
    public static void WriteChoices(ReadOnlySpan<byte> choices, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var reader = new Utf8JsonReader(choices, new JsonReaderOptions { MaxDepth = 256 });
        var contentDepth = -1;
        Range reasoningContent = default, reasoning = default;
        bool hasReasoningContent = false, hasReasoning = false;
        var pending = Pending.None;

        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pending = Pending.None;
                    // Choice-level properties sit two levels below the array, a delta's or message's fields three.
                    if (reader.CurrentDepth == 2 && (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8)))
                    {
                        pending = Pending.ContentObject;
                    }
                    else if (contentDepth >= 0 && reader.CurrentDepth == contentDepth + 1)
                    {
                        pending = reader.ValueTextEquals("reasoning_content"u8) ? Pending.ReasoningContent
                            : reader.ValueTextEquals("reasoning"u8) ? Pending.Reasoning
                            : Pending.None;
                    }
                    WritePropertyName(ref reader, writer);
                    break;
                case JsonTokenType.StartObject:
                    if (pending == Pending.ContentObject)
                    {
                        contentDepth = reader.CurrentDepth;
                        hasReasoningContent = hasReasoning = false;
                    }
                    pending = Pending.None;
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    if (reader.CurrentDepth == contentDepth)
                    {
                        if (hasReasoningContent && !hasReasoning)
                        {
                            writer.WritePropertyName("reasoning"u8);
                            writer.WriteRawValue(choices[reasoningContent], skipInputValidation: true);
                        }
                        else if (hasReasoning && !hasReasoningContent)
                        {
                            writer.WritePropertyName("reasoning_content"u8);
                            writer.WriteRawValue(choices[reasoning], skipInputValidation: true);
                        }
                        contentDepth = -1;
                    }
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    pending = Pending.None;
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.String:
                    var token = new Range(start, (int)reader.BytesConsumed);
                    if (pending == Pending.ReasoningContent)
                    {
                        reasoningContent = token;
                        hasReasoningContent = true;
                    }
                    else if (pending == Pending.Reasoning)
                    {
                        reasoning = token;
                        hasReasoning = true;
                    }
                    pending = Pending.None;
                    writer.WriteRawValue(choices[token], skipInputValidation: true);
                    break;
                default:
                    // Numbers, true, false, null: their tokens are their text.
                    pending = Pending.None;
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
            }
        }
    }

    private static void WritePropertyName(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        if (reader.ValueIsEscaped)
        {
            writer.WritePropertyName(reader.GetString()!);
            return;
        }
        writer.WritePropertyName(reader.ValueSpan);
    }

    private enum Pending : byte
    {
        None,
        ContentObject,
        ReasoningContent,
        Reasoning,
    }
}
