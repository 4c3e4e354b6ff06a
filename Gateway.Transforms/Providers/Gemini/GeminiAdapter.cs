namespace Gateway.Transforms.Providers.Gemini;

/// <summary>Google's Gemini API (Generative Language API, kind <c>gemini</c>): <c>generateContent</c> and <c>streamGenerateContent</c>.</summary>
public sealed class GeminiAdapter : IProviderAdapter
{
    private const string ApiKeyHeader = "x-goog-api-key";

    public string Kind => "gemini";

    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject | ProviderCapabilities.JsonSchema
        | ProviderCapabilities.MultipleChoices | ProviderCapabilities.Audio;

    /// <summary><c>ApiVersion</c> (default <c>v1beta</c>), <c>IncludeThoughts</c> (ask for thought summaries).</summary>
    public IReadOnlyList<ProviderSetting> Settings { get; } =
    [
        new("ApiVersion", ProviderSettingType.Text),
        new("IncludeThoughts", ProviderSettingType.Boolean),
    ];

    public GatewayError? WriteRequestBody(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body) =>
        GeminiRequestWriter.Write(request, target, body);

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, GeminiEndpoint.Path(target, stream)));

        // The client's own credentials must never travel to Google; the key goes in a header, never the query string.
        message.Headers.Authorization = null;
        message.Headers.Remove("x-api-key");
        message.Headers.Remove(ApiKeyHeader);
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            message.Headers.TryAddWithoutValidation(ApiKeyHeader, target.ApiKey);
        }
        message.Headers.Accept.Clear();
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output) =>
        GeminiResponseConverter.Convert(upstreamBody, context, outcome, output);

    public IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome) =>
        new GeminiStreamTranscoder(context, outcome);

    public UpstreamErrorDetail ReadError(ReadOnlySpan<byte> body) => GeminiErrorReader.Read(body);

    /// <summary>
    /// Google answers a bad key with 400 <c>INVALID_ARGUMENT</c> and an <c>ErrorInfo</c> reason (<c>API_KEY_INVALID</c>
    /// and its relatives, which <see cref="GeminiErrorReader"/> marks), an invalid OAuth token with 401
    /// <c>UNAUTHENTICATED</c>, and a request that carried no credential at all with a bare 403 "unregistered callers".
    /// Any other 403 <c>PERMISSION_DENIED</c> (a tuned model the key may not use) and a 404 <c>NOT_FOUND</c> model are
    /// the request's.
    /// </summary>
    public UpstreamFailureScope ClassifyError(int status, HttpResponseHeaders headers, in UpstreamErrorDetail detail) =>
        UpstreamFailureClassifier.ByStatus(status, detail.CredentialRejected || status == 401
            || (status == 403 && detail.Message is { } message && message.StartsWith("Method doesn't allow unregistered callers", StringComparison.Ordinal)));
}
