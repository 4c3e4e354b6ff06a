namespace Gateway.Transforms.Embeddings;

/// <summary>Either a parsed embeddings request or the client error that rejected it.</summary>
public readonly record struct EmbeddingsRequestParseResult(EmbeddingsRequest? Request, GatewayError? Error) : IRequestParseResult
{
    IGatewayRequest? IRequestParseResult.Parsed => Request;
}
