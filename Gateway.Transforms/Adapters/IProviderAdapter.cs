namespace Gateway.Transforms.Adapters;

/// <summary>One provider kind's wire format: requests out, answers, streams and errors back.</summary>
public interface IProviderAdapter
{
    /// <summary>The <c>Kind</c> in config (<c>openai</c>, <c>anthropic</c>, …).</summary>
    string Kind { get; }

    ProviderCapabilities Capabilities { get; }

    /// <summary>
    /// The settings this kind reads (name, type, required, secret), checked when the config or a database row is loaded
    /// (<see cref="ProviderSettingsChecker"/>); a setting it does not declare is refused there, not ignored.
    /// </summary>
    IReadOnlyList<ProviderSetting> Settings { get; }

    /// <summary>
    /// Writes the provider's request body. Returns a client error when the request cannot be expressed
    /// for this provider (for example <c>n</c> &gt; 1 where the provider has no equivalent).
    /// </summary>
    GatewayError? WriteRequestBody(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body);

    /// <summary>Sets the URI (from <paramref name="destinationPrefix"/>, the provider's BaseUrl) and the provider's headers.</summary>
    void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream, ReadOnlyMemory<byte> body);

    /// <summary>Converts a whole 2xx answer to an OpenAI <c>chat.completion</c>. Throws <see cref="UpstreamFormatException"/> on a malformed answer and
    /// <see cref="UpstreamGenerationException"/> (carrying the client's error) when the answer reports the generation failed.</summary>
    void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output);

    IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome);

    /// <summary>Reads the provider's own error body (best effort; a non-JSON body yields an empty detail).</summary>
    UpstreamErrorDetail ReadError(ReadOnlySpan<byte> body);

    /// <summary>
    /// What a failed answer is about, for the health model: whether this provider's way of saying "your credential
    /// is rejected" (which differs per provider) applies, else the shared status rules
    /// (<see cref="UpstreamFailureClassifier"/>). A 403 or 404 about a model is the request's, not the provider's.
    /// </summary>
    UpstreamFailureScope ClassifyError(int status, HttpResponseHeaders headers, in UpstreamErrorDetail detail);
}
