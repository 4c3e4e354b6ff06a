namespace Gateway.Transforms.Responses;

/// <summary>
/// Writes the body for a provider that speaks the Responses API itself: the client's request with every field intact but
/// <c>model</c> (the target's model), <c>previous_response_id</c> (the provider's own id for a response it made; dropped
/// when the gateway made the previous response, whose conversation then leads <c>input</c>) and the gateway's routing
/// fields (<c>models</c>, <c>provider</c>), which never leave.
/// </summary>
public static class ResponsesPassThroughWriter
{
    public static void Write(ResponsesRequest request, string model, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, model);
        foreach (var property in request.Root.EnumerateObject())
        {
            if (property.NameEquals("model"u8) || ChatRequest.IsGatewayOnlyField(property.Name))
            {
                continue;
            }
            if (property.NameEquals("previous_response_id"u8))
            {
                if (request.Pinned is { } pinned)
                {
                    json.WriteString("previous_response_id"u8, pinned.ProviderResponseId);
                }
                else if (request.PriorItems is null)
                {
                    property.WriteTo(json);
                }
                continue;
            }
            if (property.NameEquals("input"u8) && request.PriorItems is { } prior)
            {
                WriteInputAfter(json, prior.Span, property.Value);
                continue;
            }
            property.WriteTo(json);
        }
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteInputAfter(Utf8JsonWriter json, ReadOnlySpan<byte> prior, JsonElement input)
    {
        json.WritePropertyName("input"u8);
        json.WriteStartArray();
        ResponsesInputItems.CopyPrior(json, prior);
        ResponsesInputItems.Write(json, input);
        json.WriteEndArray();
    }
}
