namespace Gateway.Transforms.Responses;

/// <summary>
/// Copies a provider's Responses API <c>response</c> object byte for byte but for its ids: the gateway's id replaces the
/// provider's <c>id</c> (which is recorded), and <c>previous_response_id</c> goes back to the gateway's id the client sent.
/// Usage, model and status are recorded on the way. Nothing is allocated but the provider's id, once.
/// </summary>
public static class ResponseJsonRewriter
{
    /// <summary>Rewrites a whole answer (a <c>response</c> object).</summary>
    public static void RewriteAnswer(ReadOnlySpan<byte> answer, in ResponseIdMap ids, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        try
        {
            using var json = new Utf8JsonWriter(output, JsonWriting.Options);
            var reader = new Utf8JsonReader(answer, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The provider's answer is not a JSON object.");
            }
            RewriteResponse(ref reader, answer, json, ids, outcome);
            json.Flush();
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The provider's answer is not valid JSON.", ex);
        }
    }

    /// <summary>Rewrites the object <paramref name="reader"/> is at the start of, leaving the reader at its end.</summary>
    public static void RewriteResponse(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, Utf8JsonWriter writer, in ResponseIdMap ids, ResponseOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outcome);
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("id"u8) ? Field.Id
                : reader.ValueTextEquals("previous_response_id"u8) ? Field.Previous
                : reader.ValueTextEquals("usage"u8) ? Field.Usage
                : reader.ValueTextEquals("status"u8) ? Field.Status
                : reader.ValueTextEquals("model"u8) ? Field.Model
                : Field.Other;
            UsageJsonWriter.CopyPropertyName(ref reader, source, writer);
            reader.Read();
            switch (field)
            {
                case Field.Id when reader.TokenType == JsonTokenType.String:
                    outcome.ProviderResponseId ??= reader.GetString();
                    writer.WriteStringValue(ids.GatewayId);
                    continue;
                case Field.Previous when reader.TokenType == JsonTokenType.String && ids.ClientPreviousId is not null:
                    writer.WriteStringValue(ids.ClientPreviousId);
                    continue;
                case Field.Usage when reader.TokenType == JsonTokenType.StartObject:
                    var probe = reader;
                    outcome.Usage = ReadUsage(ref probe);
                    break;
                case Field.Status when reader.TokenType == JsonTokenType.String:
                    outcome.FinishReason = reader.ValueTextEquals("incomplete"u8) ? "length" : reader.ValueTextEquals("failed"u8) ? "error" : outcome.FinishReason ?? "stop";
                    break;
                case Field.Model when reader.TokenType == JsonTokenType.String:
                    outcome.ProviderModel ??= reader.GetString();
                    break;
            }
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            writer.WriteRawValue(source[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads a Responses API usage object (<c>input_tokens</c>, <c>output_tokens</c> and their details).</summary>
    public static TokenUsage ReadUsage(ref Utf8JsonReader reader)
    {
        int input = 0, output = 0, cached = 0, reasoning = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                input = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                output = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("input_tokens_details"u8))
            {
                cached = ReadDetail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("output_tokens_details"u8))
            {
                reasoning = ReadDetail(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new TokenUsage(input, output, cached, 0, reasoning);
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : 0;
    }

    private static int ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return 0;
        }
        var value = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                value = ReadInt(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return value;
    }

    private enum Field
    {
        Other,
        Id,
        Previous,
        Usage,
        Status,
        Model,
    }
}
