using Gateway.Transforms.Moderations;

namespace Gateway.Transforms.Providers.OpenAi.Moderations;

/// <summary>
/// <c>POST {BaseUrl}/moderations</c> of OpenAI, with a bearer key: the client's input (text or multimodal parts) passed
/// through with the target's model, the answer passed back with the gateway's id.
/// </summary>
internal sealed class OpenAiModerationsAdapter : IModerationsAdapter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);

    public GatewayError? WriteRequestBody(ModerationsRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, target.Model);
        foreach (var property in request.Root.EnumerateObject())
        {
            if (property.Name == "model" || ModerationsRequest.IsGatewayOnlyField(property.Name))
            {
                continue;
            }
            json.WritePropertyName(property.Name);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
        }
        json.WriteEndObject();
        return null;
    }

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = _uris.GetOrAdd(destinationPrefix, static prefix => new Uri(ProviderUris.Combine(prefix, "/moderations")));
        BearerRequestHeaders.Set(message, target);
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        if (upstreamBody.IndexOf("\"results\""u8) < 0)
        {
            throw new UpstreamFormatException("The moderations answer has no 'results'.");
        }
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        if (OpenAiResponseRewriter.Rewrite(upstreamBody, context, outcome, json, OpenAiRewriteOptions.WriteUsage) == OpenAiRewriteResult.ProviderError)
        {
            throw new UpstreamFormatException("The provider answered 2xx with an error object.");
        }
        json.Flush();
    }
}
