namespace Gateway.Transforms.OpenAI;

/// <summary>
/// One element of a chat chunk's <c>delta.tool_calls</c> (or of a whole answer's <c>message.tool_calls</c>), read whole
/// before it is acted on because <c>id</c> and <c>name</c> may follow the arguments. <see cref="Id"/> and
/// <see cref="Name"/> are null when absent (a continuation fragment); <see cref="Arguments"/> is the unescaped fragment,
/// held in the scratch buffer (valid until its next use), empty when absent or empty.
/// </summary>
internal readonly ref struct ChatToolCallDelta
{
    private ChatToolCallDelta(int index, string? id, string? name, ReadOnlySpan<byte> arguments)
    {
        Index = index;
        Id = id;
        Name = name;
        Arguments = arguments;
    }

    public int Index { get; }

    public string? Id { get; }

    public string? Name { get; }

    public ReadOnlySpan<byte> Arguments { get; }

    /// <summary>Reads the call the reader is on (its StartObject), leaving the reader on its EndObject.</summary>
    public static ChatToolCallDelta Read(ref Utf8JsonReader reader, JsonStringScratch scratch)
    {
        var index = 0;
        string? id = null;
        string? name = null;
        ReadOnlySpan<byte> arguments = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
                {
                    index = value;
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("name"u8))
                    {
                        reader.Read();
                        name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("arguments"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                        {
                            arguments = scratch.Unescape(ref reader);
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new ChatToolCallDelta(index, id, name, arguments);
    }
}
