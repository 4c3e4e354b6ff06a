using System.Globalization;
using Gateway.Transforms.Embeddings;
using Gateway.Transforms.Providers.Cohere.Embeddings;

namespace Gateway.Transforms.Providers.Bedrock.Embeddings;

/// <summary>
/// Embeddings on Bedrock Runtime through <c>InvokeModel</c> (<c>POST /model/{modelId}/invoke</c>), whose body is the
/// model family's own: Amazon Titan Text Embeddings (<c>amazon.titan-embed-text-*</c>: one <c>inputText</c> per call,
/// <c>dimensions</c> on v2; the answer's <c>embedding</c> and <c>inputTextTokenCount</c>) and Cohere Embed
/// (<c>cohere.embed-*</c>: Cohere's <c>texts</c>/<c>input_type</c>/<c>embedding_types</c>; its input tokens come in the
/// <c>X-Amzn-Bedrock-Input-Token-Count</c> header). Authenticated like every Bedrock call (<see cref="BedrockCredentials"/>).
/// </summary>
internal sealed class BedrockEmbeddingsAdapter : IEmbeddingsAdapter
{
    private const string InputTokenHeader = "X-Amzn-Bedrock-Input-Token-Count";

    private readonly SigV4Signer _signer;

    public BedrockEmbeddingsAdapter()
        : this(TimeProvider.System)
    {
    }

    public BedrockEmbeddingsAdapter(TimeProvider timeProvider)
    {
        _signer = new SigV4Signer(timeProvider);
    }

    public GatewayError? WriteRequestBody(EmbeddingsRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        if (ProviderUris.RefuseDotSegment(target) is { } refused)
        {
            return refused;
        }
        if (request.InputKind == EmbeddingsInputKind.Tokens)
        {
            return GatewayError.InvalidRequest("Bedrock embeddings models take text only; send 'input' as strings for this model.", "input", "unsupported_parameter");
        }
        return Family(target.Model) switch
        {
            ModelFamily.Titan => WriteTitan(request, target, body),
            ModelFamily.Cohere => WriteCohere(request, body),
            _ => GatewayError.InvalidRequest(
                $"The Bedrock model '{target.Model}' is not an embeddings model the gateway can address (amazon.titan-embed-text-*, cohere.embed-*).", "model", "model_not_supported"),
        };
    }

    public void PrepareRequest(HttpRequestMessage message, string destinationPrefix, UpstreamTarget target, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, $"/model/{ProviderUris.EscapeSegment(target.Model)}/invoke"));
        message.Headers.Accept.Clear();
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        BedrockCredentials.Apply(message, target, body.Span, _signer);
    }

    public void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, EmbeddingsRequest request, string model, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        using var document = EmbeddingsAnswers.Parse(upstreamBody);
        var root = document.RootElement;
        using var writer = new EmbeddingsAnswerWriter(output, request.Encoding);
        int? promptTokens;
        if (root.TryGetProperty("embedding"u8, out var embedding))
        {
            writer.Add(embedding);
            EmbeddingsAnswers.ExpectCount(writer, request.InputCount);
            promptTokens = EmbeddingsAnswers.CountAt(root, "inputTextTokenCount");
        }
        else
        {
            EmbeddingsAnswers.AddAll(writer, CohereEmbedTexts.FloatVectors(root), request.InputCount);
            promptTokens = null;
            if (root.TryGetProperty("id"u8, out var id) && id.ValueKind == JsonValueKind.String)
            {
                outcome.ProviderResponseId = id.GetString();
            }
        }
        promptTokens ??= HeaderTokens(headers);
        writer.Complete(model, promptTokens);
        if (promptTokens is { } tokens)
        {
            outcome.Usage = new TokenUsage(tokens, 0);
        }
    }

    private static GatewayError? WriteTitan(EmbeddingsRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        if (request.InputCount != 1)
        {
            return GatewayError.InvalidRequest(
                $"Amazon Titan embeds one input per request; this one has {request.InputCount}. Send one string, or use a model that takes batches.", "input", "invalid_value");
        }
        var v2 = target.Model.StartsWith("amazon.titan-embed-text-v2", StringComparison.Ordinal);
        if (request.Dimensions is { } asked && (!v2 || asked is not (256 or 512 or 1024)))
        {
            return GatewayError.InvalidRequest(
                v2 ? "Amazon Titan Text Embeddings V2 takes 'dimensions' of 256, 512 or 1024." : $"The model '{target.Model}' does not take 'dimensions'.", "dimensions", "invalid_value");
        }
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("inputText"u8, request.Texts[0]);
        if (request.Dimensions is { } dimensions)
        {
            json.WriteNumber("dimensions"u8, dimensions);
        }
        json.WriteEndObject();
        return null;
    }

    private static GatewayError? WriteCohere(EmbeddingsRequest request, IBufferWriter<byte> body)
    {
        if (request.InputCount > CohereEmbedTexts.MaxTexts)
        {
            return GatewayError.InvalidRequest($"Cohere embeds at most {CohereEmbedTexts.MaxTexts} texts per request; this one has {request.InputCount}.", "input", "invalid_value");
        }
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        CohereEmbedTexts.Write(json, request);
        if (request.Dimensions is { } dimensions)
        {
            json.WriteNumber("output_dimension"u8, dimensions);
        }
        json.WriteEndObject();
        return null;
    }

    private static int? HeaderTokens(HttpResponseHeaders headers) =>
        headers.TryGetValues(InputTokenHeader, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var tokens)
            ? tokens
            : null;

    private static ModelFamily Family(string model)
    {
        // Cross-region inference profiles prefix the model id with a geography ("us.cohere.embed-v4:0").
        var id = model.AsSpan();
        var dot = id.IndexOf('.');
        if (dot is 2 or 4 && !id.StartsWith("amazon.") && !id.StartsWith("cohere."))
        {
            id = id[(dot + 1)..];
        }
        if (id.StartsWith("amazon.titan-embed-text", StringComparison.Ordinal))
        {
            return ModelFamily.Titan;
        }
        return id.StartsWith("cohere.embed", StringComparison.Ordinal) ? ModelFamily.Cohere : ModelFamily.Unknown;
    }

    private enum ModelFamily
    {
        Unknown,
        Titan,
        Cohere,
    }
}
