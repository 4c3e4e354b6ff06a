namespace Gateway.Transforms.Errors;

/// <summary>The <c>error.type</c> values the gateway emits, matching OpenAI's vocabulary where one exists.</summary>
public static class GatewayErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";
    public const string Upstream = "upstream_error";
    public const string Timeout = "timeout_error";
}
