namespace Gateway.Transforms.Moderations;

/// <summary>One provider kind's moderations API. Errors are read by the same provider's <see cref="IProviderAdapter"/>.</summary>
public interface IModerationsAdapter
{
    /// <summary>Writes the provider's body; the client's error (naming the field) when this provider cannot express the request.</summary>
    GatewayError? WriteRequestBody(ModerationsRequest request, UpstreamTarget target, IBufferWriter<byte> body);

    /// <summary>Sets the URI (from <paramref name="destinationPrefix"/>, the provider's BaseUrl) and the provider's headers.</summary>
    void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target);

    /// <summary>
    /// The provider's answer with the gateway's id, recording the served model and any usage; throws
    /// <see cref="UpstreamFormatException"/> on an answer that does not follow the provider's format.
    /// </summary>
    void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output);
}
