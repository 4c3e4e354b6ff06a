namespace Gateway.Transforms.Completions;

/// <summary>
/// Rewrites a gateway-written <c>chat.completion</c> or <c>chat.completion.chunk</c> as a legacy <c>text_completion</c>:
/// each choice's message (or delta) content becomes its <c>text</c>, with <c>index</c>, <c>logprobs: null</c> and
/// <c>finish_reason</c>; every other top-level field (the gateway's id, created, model, provider, usage, an in-stream
/// error) is copied as it is. One pass over the reader, no allocation per chunk.
/// </summary>
public static class TextCompletionRewriter
{
    /// <param name="chat">The chat answer or chunk, as the gateway's converters write it.</param>
    /// <param name="chunk">For a stream chunk: choices that carry neither text nor a finish reason (the role, reasoning) are left out.</param>
    /// <returns>Whether the rewritten object carries anything (a chunk with nothing for the client is not worth sending).</returns>
    public static bool Rewrite(ReadOnlySpan<byte> chat, Utf8JsonWriter json, bool chunk)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var reader = new Utf8JsonReader(chat, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The chat answer is not a JSON object.");
            }
            var carries = !chunk;
            json.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isObject = reader.ValueTextEquals("object"u8);
                var isChoices = reader.ValueTextEquals("choices"u8);
                var isPayload = reader.ValueTextEquals("usage"u8) || reader.ValueTextEquals("error"u8);
                // The converters write plain names; an escaped one (never seen) is unescaped once.
                string? escapedName = reader.ValueIsEscaped ? reader.GetString() : null;
                var nameStart = (int)reader.TokenStartIndex + 1;
                var nameEnd = nameStart + reader.ValueSpan.Length;
                reader.Read();
                if (isObject)
                {
                    json.WriteString("object"u8, "text_completion"u8);
                    continue;
                }
                if (isChoices && reader.TokenType == JsonTokenType.StartArray)
                {
                    json.WritePropertyName("choices"u8);
                    json.WriteStartArray();
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        carries |= RewriteChoice(chat, ref reader, json, chunk);
                    }
                    json.WriteEndArray();
                    continue;
                }
                carries |= isPayload && reader.TokenType != JsonTokenType.Null;
                var valueStart = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
                if (escapedName is null)
                {
                    json.WritePropertyName(chat[nameStart..nameEnd]);
                }
                else
                {
                    json.WritePropertyName(escapedName);
                }
                json.WriteRawValue(chat[valueStart..(int)reader.BytesConsumed], skipInputValidation: true);
            }
            json.WriteEndObject();
            return carries;
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The chat answer is not valid JSON.", ex);
        }
    }

    /// <summary>Reads one choice (the reader is on its StartObject; it ends on its EndObject) and writes it as a text choice.</summary>
    private static bool RewriteChoice(ReadOnlySpan<byte> chat, ref Utf8JsonReader reader, Utf8JsonWriter json, bool chunk)
    {
        Range text = default, index = default, finish = default;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            var isIndex = reader.ValueTextEquals("index"u8);
            var isFinish = reader.ValueTextEquals("finish_reason"u8);
            var isContent = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (isIndex || isFinish)
            {
                var start = (int)reader.TokenStartIndex;
                if (isIndex)
                {
                    index = start..(int)reader.BytesConsumed;
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    finish = start..(int)reader.BytesConsumed;
                }
                continue;
            }
            if (isContent && reader.TokenType == JsonTokenType.StartObject)
            {
                text = ContentOf(ref reader);
                continue;
            }
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }
        var hasText = text.End.Value - text.Start.Value > 2;
        var hasFinish = finish.End.Value > 0;
        if (chunk && !hasText && !hasFinish)
        {
            return false;
        }
        json.WriteStartObject();
        json.WritePropertyName("text"u8);
        if (text.End.Value > 0)
        {
            json.WriteRawValue(chat[text], skipInputValidation: true);
        }
        else
        {
            json.WriteStringValue(""u8);
        }
        json.WritePropertyName("index"u8);
        if (index.End.Value > 0)
        {
            json.WriteRawValue(chat[index], skipInputValidation: true);
        }
        else
        {
            json.WriteNumberValue(0);
        }
        json.WriteNull("logprobs"u8);
        json.WritePropertyName("finish_reason"u8);
        if (hasFinish)
        {
            json.WriteRawValue(chat[finish], skipInputValidation: true);
        }
        else
        {
            json.WriteNullValue();
        }
        json.WriteEndObject();
        return true;
    }

    /// <summary>The raw string token of the message's <c>content</c> (the reader is on the message's StartObject; it ends on its EndObject).</summary>
    private static Range ContentOf(ref Utf8JsonReader reader)
    {
        Range content = default;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    content = (int)reader.TokenStartIndex..(int)reader.BytesConsumed;
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }
        return content;
    }
}
