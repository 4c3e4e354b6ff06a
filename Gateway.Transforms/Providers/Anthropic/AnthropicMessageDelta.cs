namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>A <c>message_delta</c> event's data, read by the adapter and the pass-through alike.</summary>
internal static class AnthropicMessageDelta
{
    /// <summary>Reads the usage into <paramref name="usage"/>; returns where <c>delta.stop_reason</c>'s string starts, -1 when it has none.</summary>
    public static int Read(ReadOnlySpan<byte> data, AnthropicUsageTotals usage)
    {
        var stopReasonAt = -1;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage.Read(ref reader);
                continue;
            }
            var isDelta = reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (!isDelta || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStopReason = reader.ValueTextEquals("stop_reason"u8);
                reader.Read();
                if (isStopReason && reader.TokenType == JsonTokenType.String)
                {
                    stopReasonAt = (int)reader.TokenStartIndex;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        return stopReasonAt;
    }
}
