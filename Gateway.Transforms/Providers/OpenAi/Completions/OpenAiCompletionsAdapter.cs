using Gateway.Transforms.Completions;

namespace Gateway.Transforms.Providers.OpenAi.Completions;

/// <summary>
/// <c>POST {BaseUrl}/completions</c> of OpenAI or an OpenAI-compatible provider, with a bearer key: the client's body
/// passed through, the answer (whole or streamed) with the gateway's id and the provider's usage read for billing.
/// </summary>
internal sealed class OpenAiCompletionsAdapter : ICompletionsAdapter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);
    private readonly OpenAiCompletionsDialect _dialect;

    public OpenAiCompletionsAdapter(OpenAiCompletionsDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
    }

    public GatewayError? WriteRequestBody(CompletionsRequest request, UpstreamTarget target, IBufferWriter<byte> body) =>
        OpenAiCompletionsBodyWriter.Write(request, target, _dialect, body);

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, bool stream)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = _uris.GetOrAdd(destinationPrefix, CompletionsUri);
        BearerRequestHeaders.Set(message, target, stream);
    }

    public void ConvertResponse(ReadOnlySpan<byte> upstreamBody, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        if (OpenAiResponseRewriter.Rewrite(upstreamBody, context, outcome, json, OpenAiRewriteOptions.WriteUsage) == OpenAiRewriteResult.ProviderError)
        {
            throw new UpstreamFormatException("The provider answered 2xx with an error object.");
        }
    }

    public IStreamTranscoder CreateStreamTranscoder(ResponseContext context, ResponseOutcome outcome) =>
        new OpenAiStreamTranscoder(context, outcome, OpenAiRewriteOptions.None);

    private Uri CompletionsUri(string prefix)
    {
        var root = prefix.TrimEnd('/');
        if (_dialect.TrimVersionFromRoot && root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            root = root[..^3];
        }
        return new Uri(ProviderUris.Combine(root, _dialect.Path));
    }
}
