namespace Gateway.Transforms.OpenAI;

/// <summary>Either a parsed request or the client error that rejected it.</summary>
public readonly record struct ChatRequestParseResult(ChatRequest? Request, GatewayError? Error) : IRequestParseResult
{
    IGatewayRequest? IRequestParseResult.Parsed => Request;
}
