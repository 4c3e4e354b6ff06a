namespace Gateway.Transforms.Media;

/// <summary>What a transcription or translation answer says about the audio's length.</summary>
public static class TranscriptionAnswer
{
    /// <summary>
    /// The audio's seconds as the provider reports them: <c>duration</c> of a <c>verbose_json</c> answer, or
    /// <c>usage.seconds</c> where <c>usage.type</c> is <c>duration</c>; null for any other answer (text, srt, vtt, plain json).
    /// </summary>
    public static decimal? ReportedSeconds(ReadOnlySpan<byte> body, string? contentType)
    {
        if (contentType is null || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            decimal? usageSeconds = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("duration"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var duration) && duration >= 0)
                    {
                        return duration;
                    }
                    reader.Skip();
                    continue;
                }
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isUsage && reader.TokenType == JsonTokenType.StartObject)
                {
                    usageSeconds = UsageSeconds(ref reader);
                    continue;
                }
                reader.Skip();
            }
            return usageSeconds;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static decimal? UsageSeconds(ref Utf8JsonReader reader)
    {
        var isDuration = false;
        decimal? seconds = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                isDuration = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("duration"u8);
            }
            else if (reader.ValueTextEquals("seconds"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var value) && value >= 0)
                {
                    seconds = value;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return isDuration ? seconds : null;
    }
}
