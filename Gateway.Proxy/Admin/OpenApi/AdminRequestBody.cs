namespace Gateway.Proxy.Admin.OpenApi;

/// <summary>
/// Names an admin endpoint's JSON body type for the OpenAPI document. Not <c>Accepts&lt;T&gt;</c>: that also makes
/// routing match on Content-Type, so a wrong one would fall through to the 404 fallback instead of the handler's 415.
/// </summary>
internal sealed record AdminRequestBody(Type Type);
