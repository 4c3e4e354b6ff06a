namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Reads one candidate object (the reader is on its StartObject; it ends on the EndObject). A candidate's
/// <c>index</c> and <c>finishReason</c> may follow its content, so they are found before anything is written.
/// </summary>
internal static class GeminiCandidateScanner
{
    /// <summary>Far above Gemini's candidate limit; a larger index means a broken answer.</summary>
    public const int MaxIndex = 127;

    public static GeminiCandidateScan Scan(ref Utf8JsonReader reader)
    {
        var scan = new GeminiCandidateScan();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    if (!reader.TryGetInt32(out var index) || index is < 0 or > MaxIndex)
                    {
                        throw new UpstreamFormatException("The provider's answer has an invalid candidate index.");
                    }
                    scan.Index = index;
                }
            }
            else if (reader.ValueTextEquals("finishReason"u8))
            {
                reader.Read();
                scan.Finish = GeminiFinishReasons.Read(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    scan.Parts = FindParts(ref reader);
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
        return scan;
    }

    private static Range? FindParts(ref Utf8JsonReader reader)
    {
        Range? parts = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isParts = reader.ValueTextEquals("parts"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            var isArray = reader.TokenType == JsonTokenType.StartArray;
            reader.Skip();
            if (isParts && isArray)
            {
                parts = start..(int)reader.BytesConsumed;
            }
        }
        return parts;
    }
}
