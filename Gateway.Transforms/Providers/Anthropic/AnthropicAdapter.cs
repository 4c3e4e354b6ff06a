namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>Anthropic's Messages API (kind <c>anthropic</c>): <c>POST {BaseUrl}/v1/messages</c>.</summary>
public sealed class AnthropicAdapter : IProviderAdapter
{
    /// <summary>The API version sent when <c>Settings["AnthropicVersion"]</c> is not configured.</summary>
    public const string DefaultVersion = "2023-06-01";

    public const string VersionSetting = "AnthropicVersion";

    public const string BetaSetting = "AnthropicBeta";

    public string Kind => "anthropic";

    /// <summary>No <see cref="ProviderCapabilities.MultipleChoices"/>: the Messages API returns one message per request.</summary>
    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject | ProviderCapabilities.JsonSchema;

    public IReadOnlyList<ProviderSetting> Settings { get; } =
    [
        new(VersionSetting, ProviderSettingType.Text),
        new(BetaSetting, ProviderSettingType.Text),
    ];

    public GatewayError? WriteRequestBody(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body) =>
        AnthropicRequestWriter.Write(request, target, body);

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, "/v1/messages"));

        var headers = message.Headers;
        // The client's own gateway credential (Authorization or x-api-key) must never reach the provider.
        headers.Authorization = null;
        headers.Remove("x-api-key");
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            headers.TryAddWithoutValidation("x-api-key", target.ApiKey);
        }

        headers.Remove("anthropic-version");
        var version = target.GetSetting(VersionSetting);
        headers.TryAddWithoutValidation("anthropic-version", string.IsNullOrWhiteSpace(version) ? DefaultVersion : version.Trim());

        headers.Remove("anthropic-beta");
        var beta = target.GetSetting(BetaSetting);
        if (!string.IsNullOrWhiteSpace(beta))
        {
            headers.TryAddWithoutValidation("anthropic-beta", beta.Trim());
        }

        headers.Accept.Clear();
        headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
        if (message.Content is not null)
        {
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        AnthropicResponseConverter.Convert(upstreamBody, context, outcome, json);
    }

    public IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome) =>
        new AnthropicStreamTranscoder(context, outcome);

    public UpstreamErrorDetail ReadError(ReadOnlySpan<byte> body) => AnthropicErrorReader.Read(body);

    /// <summary>
    /// Anthropic answers a wrong or revoked key with 401 <c>authentication_error</c>. A 403 <c>permission_error</c>
    /// says the key may not use a resource (such as a model) and a 404 <c>not_found_error</c> names an unknown model:
    /// both about what the client asked for.
    /// </summary>
    public UpstreamFailureScope ClassifyError(int status, HttpResponseHeaders headers, in UpstreamErrorDetail detail) =>
        UpstreamFailureClassifier.ByStatus(status, status == 401 || detail.Type == "authentication_error");
}
