namespace Gateway.Transforms.Completions;

/// <summary>Either a parsed legacy completions request or the client error that rejected it.</summary>
public readonly record struct CompletionsRequestParseResult(CompletionsRequest? Request, GatewayError? Error) : IRequestParseResult
{
    IGatewayRequest? IRequestParseResult.Parsed => Request;
}
