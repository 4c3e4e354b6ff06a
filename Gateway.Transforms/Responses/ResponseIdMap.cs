namespace Gateway.Transforms.Responses;

/// <summary>The ids a passed-through answer is rewritten with: the gateway's for this response, and the client's <c>previous_response_id</c>.</summary>
public readonly record struct ResponseIdMap(string GatewayId, string? ClientPreviousId);
