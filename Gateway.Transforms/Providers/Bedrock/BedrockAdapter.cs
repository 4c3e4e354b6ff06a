namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Amazon Bedrock Runtime's Converse / ConverseStream API (kind <c>bedrock</c>). Auth: a Bedrock API key
/// (<see cref="UpstreamTarget.ApiKey"/>) as a bearer token, else SigV4 with the settings <c>AccessKeyId</c>,
/// <c>SecretAccessKey</c>, optional <c>SessionToken</c> and <c>SigningRegion</c> (default: from the host name), service <c>bedrock</c>.
/// </summary>
public sealed class BedrockAdapter : IProviderAdapter
{
    /// <summary>The SigV4 signing name of Bedrock Runtime (its endpoint prefix is <c>bedrock-runtime</c>).</summary>
    public const string SigningService = "bedrock";

    public const string AccessKeyIdSetting = "AccessKeyId";

    public const string SecretAccessKeySetting = "SecretAccessKey";

    public const string SessionTokenSetting = "SessionToken";

    public const string SigningRegionSetting = "SigningRegion";

    private readonly SigV4Signer _signer;

    public BedrockAdapter()
        : this(TimeProvider.System)
    {
    }

    public BedrockAdapter(TimeProvider timeProvider)
    {
        _signer = new SigV4Signer(timeProvider);
    }

    public string Kind => "bedrock";

    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject | ProviderCapabilities.JsonSchema;

    /// <summary>
    /// SigV4 credentials (an access key id with its secret key, optionally a session token; the two secrets are stored
    /// encrypted) and the signing region. <c>SigningRegion</c> was <c>Region</c>, which now means a destination's region.
    /// </summary>
    public IReadOnlyList<ProviderSetting> Settings { get; } =
    [
        new(AccessKeyIdSetting, ProviderSettingType.Text) { RequiresSetting = SecretAccessKeySetting },
        new(SecretAccessKeySetting, ProviderSettingType.Text) { Secret = true, RequiresSetting = AccessKeyIdSetting },
        new(SessionTokenSetting, ProviderSettingType.Text) { Secret = true, RequiresSetting = AccessKeyIdSetting },
        new(SigningRegionSetting, ProviderSettingType.Text) { FormerName = "Region" },
    ];

    public GatewayError? WriteRequestBody(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body) =>
        ProviderUris.RefuseDotSegment(target) ?? BedrockRequestWriter.Write(request, target, body);

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        var uri = BedrockEndpoint.ConverseUri(destinationPrefix, target.Model, stream);
        message.RequestUri = uri;
        message.Headers.Accept.Clear();
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "application/vnd.amazon.eventstream" : "application/json"));

        BedrockCredentials.Apply(message, target, body.Span, _signer);
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output) =>
        BedrockResponseConverter.Convert(upstreamBody, context, outcome, output);

    public IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome) =>
        new BedrockStreamTranscoder(context, outcome);

    public UpstreamErrorDetail ReadError(ReadOnlySpan<byte> body) => BedrockErrorReader.Read(body);

    /// <summary>
    /// AWS names the error in the <c>x-amzn-ErrorType</c> header (or a body's <c>__type</c>): a signature or security
    /// token AWS does not accept (<c>UnrecognizedClientException</c>, <c>InvalidSignatureException</c>,
    /// <c>ExpiredTokenException</c>, …, all 403) or a Bedrock API key it rejects (401) is the credential. The
    /// <c>AccessDeniedException</c> 403 ("You don't have access to the model with the specified model ID", or an IAM
    /// policy without that model) is about the model asked for. A <c>ModelErrorException</c> (424) is the model
    /// failing on a valid request: the provider's.
    /// </summary>
    public UpstreamFailureScope ClassifyError(int status, HttpResponseHeaders headers, in UpstreamErrorDetail detail)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var type = headers.TryGetValues("x-amzn-ErrorType", out var values) && values.FirstOrDefault() is { Length: > 0 } header
            ? BedrockErrorReader.ShortType(header)
            : detail.Type;
        if (type == "ModelErrorException")
        {
            return UpstreamFailureScope.Provider;
        }
        return UpstreamFailureClassifier.ByStatus(status, status == 401 || type is "UnrecognizedClientException" or "InvalidSignatureException"
            or "IncompleteSignatureException" or "MissingAuthenticationTokenException" or "ExpiredTokenException" or "InvalidClientTokenId");
    }
}
