namespace Gateway.Policies.Routing;

/// <summary>
/// A routing failure, shaped for OpenAI's error object: <see cref="Message"/>, <see cref="Param"/> (the request
/// field at fault, dotted: <c>provider.max_price.prompt</c>) and <see cref="Code"/>.
/// </summary>
public sealed record RoutingError(RoutingErrorKind Kind, string Message, string? Param, string Code)
{
    /// <summary>For <see cref="RoutingErrorKind.AllCircuitsOpen"/>: when the first circuit lets a probe through.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static RoutingError InvalidType(string param, string expected) =>
        new(RoutingErrorKind.InvalidRequest, $"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    public static RoutingError InvalidValue(string param, string message) =>
        new(RoutingErrorKind.InvalidRequest, $"Invalid value for '{param}': {message}", param, "invalid_value");
}
