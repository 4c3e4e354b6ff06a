namespace Gateway.Transforms.Messages;

/// <summary>Either a parsed Messages request or the client error that rejected it.</summary>
public readonly record struct MessagesRequestParseResult(MessagesRequest? Request, GatewayError? Error);
