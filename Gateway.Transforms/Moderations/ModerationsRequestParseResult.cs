namespace Gateway.Transforms.Moderations;

/// <summary>Either a parsed moderations request or the client error that rejected it.</summary>
public readonly record struct ModerationsRequestParseResult(ModerationsRequest? Request, GatewayError? Error) : IRequestParseResult
{
    IGatewayRequest? IRequestParseResult.Parsed => Request;
}
