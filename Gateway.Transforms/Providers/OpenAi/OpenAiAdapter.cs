namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Any OpenAI-compatible chat completions API: kind <c>openai</c> (passed through as is), or a named preset
/// (<see cref="OpenAiCompatiblePresets"/>) whose quirks it applies.
/// </summary>
public sealed class OpenAiAdapter : IProviderAdapter
{
    // Destinations are few and fixed per config: parse each one's URI once, not per request.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> _chatUris = new(StringComparer.Ordinal);

    /// <summary>What OpenAI's own chat completions API can do.</summary>
    public const ProviderCapabilities OpenAiCapabilities =
        ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject | ProviderCapabilities.JsonSchema
        | ProviderCapabilities.MultipleChoices;

    private readonly OpenAiRequestWriter _requestWriter;
    private readonly OpenAiRewriteOptions _quirks;

    public OpenAiAdapter()
    {
        _requestWriter = new OpenAiRequestWriter();
        Kind = "openai";
        // OpenAI's own API takes audio parts; the presets do not.
        Capabilities = OpenAiCapabilities | ProviderCapabilities.Audio;
    }

    public OpenAiAdapter(OpenAiCompatiblePreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        _requestWriter = new OpenAiRequestWriter(preset);
        Kind = preset.Kind;
        Capabilities = preset.Capabilities;
        _quirks = preset.MirrorReasoning ? OpenAiRewriteOptions.MirrorReasoning : OpenAiRewriteOptions.None;
    }

    public string Kind { get; }

    public ProviderCapabilities Capabilities { get; }

    /// <summary>None: an OpenAI-compatible API needs only its root and key.</summary>
    public IReadOnlyList<ProviderSetting> Settings => [];

    public GatewayError? WriteRequestBody(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body) =>
        _requestWriter.Write(request, target, body);

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = _chatUris.GetOrAdd(destinationPrefix, static prefix => new Uri(ProviderUris.Combine(prefix, "/chat/completions")));
        BearerRequestHeaders.Set(message, target, stream);
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        OpenAiResponseRewriter.Rewrite(upstreamBody, context, outcome, json, OpenAiRewriteOptions.WriteUsage | _quirks);
    }

    public IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome) =>
        new OpenAiStreamTranscoder(context, outcome, _quirks);

    public UpstreamErrorDetail ReadError(ReadOnlySpan<byte> body) => OpenAiErrorReader.Read(body);

    /// <summary>
    /// OpenAI answers a wrong, revoked or missing key with 401 (<c>invalid_api_key</c>; an unknown organization or an
    /// IP outside the allow-list is 401 too), as OpenAI-compatible servers do; a 403
    /// <c>unsupported_country_region_territory</c> refuses the account wherever the gateway runs. A 403
    /// <c>model_not_found</c> (a project without access to the model) and a 404 are about the model the client chose.
    /// </summary>
    public UpstreamFailureScope ClassifyError(int status, HttpResponseHeaders headers, in UpstreamErrorDetail detail) =>
        UpstreamFailureClassifier.ByStatus(status, status == 401 || (status == 403 && detail.Code == "unsupported_country_region_territory"));
}
