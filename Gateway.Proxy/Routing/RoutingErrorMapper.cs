namespace Gateway.Proxy.Routing;

/// <summary>Turns a routing refusal into the client's error, in OpenAI's shape.</summary>
internal static class RoutingErrorMapper
{
    public static GatewayError Map(RoutingError error) => error.Kind switch
    {
        RoutingErrorKind.UnknownModel => new GatewayError(404, GatewayErrorTypes.InvalidRequest, error.Message, error.Code, error.Param ?? "model"),
        RoutingErrorKind.NoCandidateMatchesPreferences => new GatewayError(404, GatewayErrorTypes.InvalidRequest, error.Message, error.Code, error.Param ?? "provider"),
        RoutingErrorKind.DirectModelNotAllowed => new GatewayError(403, GatewayErrorTypes.Permission, error.Message, error.Code, error.Param ?? "model"),
        RoutingErrorKind.AllCircuitsOpen => new GatewayError(503, GatewayErrorTypes.Upstream, error.Message, error.Code) { RetryAfter = error.RetryAfter },
        _ => new GatewayError(400, GatewayErrorTypes.InvalidRequest, error.Message, error.Code, error.Param),
    };
}
