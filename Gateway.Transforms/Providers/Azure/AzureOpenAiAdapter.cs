using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Transforms.Providers.Azure;

/// <summary>
/// Azure OpenAI chat completions (kind <c>azure</c>). The wire format is OpenAI's, so the OpenAI adapter's writer,
/// rewriter, stream transcoder and error reader do the work; Azure differs in its URL (<see cref="AzureOpenAiEndpoint"/>),
/// its <c>api-key</c> header (<c>AuthHeader</c> = <c>bearer</c> sends an Entra ID token as <c>Authorization: Bearer</c>),
/// and the content-filter metadata chunks in its streams, which carry nothing for an OpenAI client and are dropped.
/// </summary>
public sealed class AzureOpenAiAdapter : IProviderAdapter
{
    private readonly OpenAiRequestWriter _requestWriter = new();

    public string Kind => "azure";

    public ProviderCapabilities Capabilities => OpenAiAdapter.OpenAiCapabilities | ProviderCapabilities.Audio;

    /// <summary>
    /// <c>ApiVersion</c> (default <see cref="AzureOpenAiEndpoint.DefaultApiVersion"/>), <c>ApiStyle</c> (<c>v1</c> for the
    /// versionless API), <c>AuthHeader</c> (<c>bearer</c> sends the credential, an Entra ID token, as a bearer token). The
    /// token itself is the provider's credential, stored encrypted.
    /// </summary>
    public IReadOnlyList<ProviderSetting> Settings { get; } =
    [
        new("ApiVersion", ProviderSettingType.Text),
        new("ApiStyle", ProviderSettingType.Choice) { Choices = ["v1", "deployments"] },
        new("AuthHeader", ProviderSettingType.Choice) { Choices = ["api-key", "bearer"] },
    ];

    public GatewayError? WriteRequestBody(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body) =>
        (AzureOpenAiEndpoint.UsesDeploymentPath(target) ? ProviderUris.RefuseDotSegment(target) : null)
        ?? _requestWriter.Write(request, target, body);

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = AzureOpenAiEndpoint.ChatCompletions(destinationPrefix, target);
        AzureCredentialHeaders.Apply(message, target);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        OpenAiResponseRewriter.Rewrite(upstreamBody, context, outcome, json, OpenAiRewriteOptions.WriteUsage);
    }

    public IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome) =>
        new OpenAiStreamTranscoder(context, outcome, OpenAiRewriteOptions.DropMetadataOnlyChunk);

    /// <summary>Azure's errors are OpenAI's shape plus <c>innererror</c> (content filter results), which the reader skips.</summary>
    public UpstreamErrorDetail ReadError(ReadOnlySpan<byte> body) => OpenAiErrorReader.Read(body);

    /// <summary>
    /// Azure answers a wrong key (or a key for another region's endpoint) with 401, and a 403 when the resource refuses
    /// the caller as a whole: an Entra principal without the OpenAI data-action role (<c>PermissionDenied</c>), key
    /// authentication turned off (<c>AuthenticationTypeDisabled</c>), a network rule. Access is granted per resource,
    /// not per deployment, so no 403 is about the model; an unknown deployment is a 404 <c>DeploymentNotFound</c>.
    /// </summary>
    public UpstreamFailureScope ClassifyError(int status, HttpResponseHeaders headers, in UpstreamErrorDetail detail) =>
        UpstreamFailureClassifier.ByStatus(status, status is 401 or 403);
}
