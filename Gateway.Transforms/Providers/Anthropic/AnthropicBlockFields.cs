namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>What a Messages API content block holds.</summary>
internal enum AnthropicBlockKind : byte
{
    Other,
    Text,
    Thinking,
    ToolUse,
}

/// <summary>
/// The fields of one Messages API content block (an element of an answer's <c>content</c>, a stream's
/// <c>content_block</c>, or a stream's <c>delta</c>), noted in one pass because they may come in any order: what the
/// block holds, where its string fields start (-1 when absent or not a string) and the extent of its <c>input</c>.
/// Positions are offsets into the data the reader reads; nothing is copied.
/// </summary>
internal struct AnthropicBlockFields
{
    public AnthropicBlockKind Kind;
    public int TextAt;
    public int ThinkingAt;
    public int IdAt;
    public int NameAt;
    public int PartialJsonAt;
    public int InputStart;
    public int InputEnd;

    public static AnthropicBlockFields None => new()
    {
        TextAt = -1,
        ThinkingAt = -1,
        IdAt = -1,
        NameAt = -1,
        PartialJsonAt = -1,
        InputStart = -1,
        InputEnd = -1,
    };

    /// <summary>
    /// Notes the properties of the object <paramref name="reader"/> has just entered, up to its end. A block's
    /// <c>type</c> is <c>text</c>, <c>thinking</c> or <c>tool_use</c>; a <paramref name="delta"/>'s is
    /// <c>text_delta</c>, <c>thinking_delta</c> or <c>input_json_delta</c> (<c>signature_delta</c> and
    /// <c>citations_delta</c> have no OpenAI counterpart).
    /// </summary>
    public void Read(ref Utf8JsonReader reader, bool delta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                Kind = reader.TokenType != JsonTokenType.String ? AnthropicBlockKind.Other
                    : reader.ValueTextEquals(delta ? "text_delta"u8 : "text"u8) ? AnthropicBlockKind.Text
                    : reader.ValueTextEquals(delta ? "thinking_delta"u8 : "thinking"u8) ? AnthropicBlockKind.Thinking
                    : reader.ValueTextEquals(delta ? "input_json_delta"u8 : "tool_use"u8) ? AnthropicBlockKind.ToolUse
                    : AnthropicBlockKind.Other;
                reader.Skip();
                continue;
            }
            if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                InputStart = (int)reader.TokenStartIndex;
                reader.Skip();
                InputEnd = (int)reader.BytesConsumed;
                continue;
            }
            ref var position = ref TextAt;
            if (reader.ValueTextEquals("thinking"u8))
            {
                position = ref ThinkingAt;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                position = ref IdAt;
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                position = ref NameAt;
            }
            else if (reader.ValueTextEquals("partial_json"u8))
            {
                position = ref PartialJsonAt;
            }
            else if (!reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                position = (int)reader.TokenStartIndex;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>A reader on the string token that starts at <paramref name="start"/> in <paramref name="data"/>.</summary>
    public static Utf8JsonReader StringAt(ReadOnlySpan<byte> data, int start)
    {
        var reader = new Utf8JsonReader(data[start..]);
        reader.Read();
        return reader;
    }
}
