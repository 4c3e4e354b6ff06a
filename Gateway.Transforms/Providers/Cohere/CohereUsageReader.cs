namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Reads Cohere's <c>usage</c>: <c>tokens</c> (what the model read and wrote) gives prompt and completion tokens,
/// <c>cached_tokens</c> the prompt tokens served from the cache (a part of the prompt, as OpenAI counts it).
/// <c>billed_units</c> is what Cohere invoices (in Cohere's own examples far fewer input units than <c>tokens</c>);
/// it stands in only when <c>tokens</c> is missing.
/// </summary>
internal static class CohereUsageReader
{
    /// <summary>The reader is on the usage object's start; it ends on its end.</summary>
    public static TokenUsage Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }
        int? input = null, output = null;
        int billedInput = 0, billedOutput = 0, cached = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("tokens"u8))
            {
                reader.Read();
                ReadPair(ref reader, out var tokensIn, out var tokensOut);
                input = tokensIn;
                output = tokensOut;
            }
            else if (reader.ValueTextEquals("billed_units"u8))
            {
                reader.Read();
                ReadPair(ref reader, out var billedIn, out var billedOut);
                billedInput = billedIn ?? 0;
                billedOutput = billedOut ?? 0;
            }
            else if (reader.ValueTextEquals("cached_tokens"u8))
            {
                reader.Read();
                cached = CohereJson.ReadCount(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new TokenUsage(input ?? billedInput, output ?? billedOutput, cached);
    }

    private static void ReadPair(ref Utf8JsonReader reader, out int? input, out int? output)
    {
        input = null;
        output = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isInput = reader.ValueTextEquals("input_tokens"u8);
            var isOutput = reader.ValueTextEquals("output_tokens"u8);
            reader.Read();
            if (isInput)
            {
                input = CohereJson.ReadCount(ref reader);
            }
            else if (isOutput)
            {
                output = CohereJson.ReadCount(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
