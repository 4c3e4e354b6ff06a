namespace Gateway.Transforms.Adapters;

/// <summary>What a request kind's parser answers: the request, or the client error that refused it.</summary>
public interface IRequestParseResult
{
    /// <summary>The request; null when refused.</summary>
    IGatewayRequest? Parsed { get; }

    GatewayError? Error { get; }
}
