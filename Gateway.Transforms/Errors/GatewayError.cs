namespace Gateway.Transforms.Errors;

/// <summary>An error in OpenAI's shape, with the HTTP status the gateway answers with.</summary>
public sealed record GatewayError(int StatusCode, string Type, string Message, string? Code = null, string? Param = null)
{
    /// <summary>The code of a provider answer the gateway could not read (malformed, unreadable or oversized).</summary>
    public const string UpstreamBadResponseCode = "upstream_bad_response";

    /// <summary>How long the client should wait before retrying (sent as <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static GatewayError InvalidRequest(string message, string? param = null, string? code = null) =>
        new(400, GatewayErrorTypes.InvalidRequest, message, code, param);

    public static GatewayError Unauthorized(string message) =>
        new(401, GatewayErrorTypes.Authentication, message, "invalid_api_key");

    public static GatewayError ModelNotFound(string model) =>
        new(404, GatewayErrorTypes.InvalidRequest, $"The model '{model}' does not exist or is not configured on this gateway.", "model_not_found", "model");

    public static GatewayError UpstreamFailure(int statusCode, string message, string? code = null) =>
        new(statusCode, GatewayErrorTypes.Upstream, message, code);
}
