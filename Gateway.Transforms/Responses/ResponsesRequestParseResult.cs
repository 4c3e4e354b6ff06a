namespace Gateway.Transforms.Responses;

public readonly record struct ResponsesRequestParseResult(ResponsesRequest? Request, GatewayError? Error) : IRequestParseResult
{
    IGatewayRequest? IRequestParseResult.Parsed => Request;
}
