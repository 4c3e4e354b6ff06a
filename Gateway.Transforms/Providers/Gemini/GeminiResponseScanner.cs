namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// First pass over a <c>GenerateContentResponse</c>: finds the candidates, usage, model version, response id,
/// prompt feedback and errors. Needed because Google writes <c>modelVersion</c> and <c>responseId</c> after
/// <c>candidates</c>, while the converted choices need them first.
/// </summary>
internal static class GeminiResponseScanner
{
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    public static GeminiResponseScan Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new UpstreamFormatException("The provider's answer is not a JSON object.");
        }

        var scan = new GeminiResponseScan();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("candidates"u8))
            {
                scan.Candidates = ReadRange(ref reader, JsonTokenType.StartArray);
            }
            else if (reader.ValueTextEquals("usageMetadata"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    scan.Usage = GeminiUsageReader.Read(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("modelVersion"u8))
            {
                scan.ModelVersion = ReadRange(ref reader, JsonTokenType.String);
            }
            else if (reader.ValueTextEquals("responseId"u8))
            {
                scan.ResponseId = ReadRange(ref reader, JsonTokenType.String);
            }
            else if (reader.ValueTextEquals("promptFeedback"u8))
            {
                reader.Read();
                scan.PromptBlocked = reader.TokenType == JsonTokenType.StartObject ? ReadBlocked(ref reader) : SkipFalse(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    scan.Error = start..(int)reader.BytesConsumed;
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

    /// <summary>Reads the value of the current property; its range when it has the expected kind.</summary>
    private static Range? ReadRange(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        var matches = reader.TokenType == expected;
        reader.Skip();
        return matches ? start..(int)reader.BytesConsumed : null;
    }

    private static bool ReadBlocked(ref Utf8JsonReader reader)
    {
        var blocked = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isReason = reader.ValueTextEquals("blockReason"u8);
            reader.Read();
            if (isReason && reader.TokenType == JsonTokenType.String && !reader.ValueTextEquals("BLOCK_REASON_UNSPECIFIED"u8))
            {
                blocked = true;
            }
            reader.Skip();
        }
        return blocked;
    }

    private static bool SkipFalse(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return false;
    }
}
