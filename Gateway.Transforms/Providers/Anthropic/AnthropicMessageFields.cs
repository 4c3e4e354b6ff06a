namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Where an Anthropic message object's (a whole answer's, or a <c>message_start</c> event's <c>message</c>) id, model
/// and stop reason stand in the data read (offsets of their string tokens, -1 when absent; <see cref="IdEnd"/> just
/// past the id's closing quote). Read alike by the adapter and by the Messages door's pass-through.
/// </summary>
internal readonly record struct AnthropicMessageFields(int IdAt, int IdEnd, int ModelAt, int StopReasonAt)
{
    /// <summary>A <c>message_start</c> event's data: the positions in it, and its usage into <paramref name="usage"/>.</summary>
    public static AnthropicMessageFields ReadStart(ReadOnlySpan<byte> data, AnthropicUsageTotals usage)
    {
        var fields = new AnthropicMessageFields(-1, -1, -1, -1);
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (JsonSeek.NextObject(ref reader, "message"u8))
        {
            fields = Read(ref reader, usage);
        }
        return fields;
    }

    /// <summary>Reads the message object the reader is on (its StartObject; left on its EndObject), its usage into <paramref name="usage"/>.</summary>
    public static AnthropicMessageFields Read(ref Utf8JsonReader reader, AnthropicUsageTotals usage)
    {
        int idAt = -1, idEnd = -1, modelAt = -1, stopReasonAt = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage.Read(ref reader);
                continue;
            }
            var isId = reader.ValueTextEquals("id"u8);
            var isModel = !isId && reader.ValueTextEquals("model"u8);
            var isStopReason = !isId && !isModel && reader.ValueTextEquals("stop_reason"u8);
            reader.Read();
            if (!isId && !isModel && !isStopReason)
            {
                reader.Skip();
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                var at = (int)reader.TokenStartIndex;
                if (isId)
                {
                    idAt = at;
                    idEnd = (int)reader.BytesConsumed;
                }
                else if (isModel)
                {
                    modelAt = at;
                }
                else
                {
                    stopReasonAt = at;
                }
            }
        }
        return new AnthropicMessageFields(idAt, idEnd, modelAt, stopReasonAt);
    }
}
