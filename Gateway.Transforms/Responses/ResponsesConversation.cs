namespace Gateway.Transforms.Responses;

/// <summary>
/// The conversation a translated response ends: the items before it (from its own <c>previous_response_id</c>), its input
/// as items, and its output items — what a later request naming it as <c>previous_response_id</c> continues from, since no
/// provider holds that state for the gateway.
/// </summary>
public static class ResponsesConversation
{
    public static void Write(ResponsesRequest request, ReadOnlySpan<byte> responseObject, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        json.WriteStartArray();
        if (request.PriorItems is { } prior)
        {
            ResponsesInputItems.CopyPrior(json, prior.Span);
        }
        ResponsesInputItems.Write(json, request.Root.GetProperty("input"u8));
        var reader = new Utf8JsonReader(responseObject);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isOutput = reader.ValueTextEquals("output"u8);
            reader.Read();
            if (isOutput && reader.TokenType == JsonTokenType.StartArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                CopyOutputItems(json, responseObject[start..(int)reader.BytesConsumed]);
                break;
            }
            reader.Skip();
        }
        json.WriteEndArray();
        json.Flush();
    }

    /// <summary>
    /// Writes the output items as input items: without the gateway's item <c>id</c> and <c>status</c>, which no provider
    /// knows (OpenAI would look a message id up among the items it stored).
    /// </summary>
    private static void CopyOutputItems(Utf8JsonWriter json, ReadOnlySpan<byte> array)
    {
        var reader = new Utf8JsonReader(array);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            json.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var skip = reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("status"u8);
                if (!skip)
                {
                    Usage.UsageJsonWriter.CopyPropertyName(ref reader, array, json);
                }
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (!skip)
                {
                    json.WriteRawValue(array[start..(int)reader.BytesConsumed], skipInputValidation: true);
                }
            }
            json.WriteEndObject();
        }
    }
}
