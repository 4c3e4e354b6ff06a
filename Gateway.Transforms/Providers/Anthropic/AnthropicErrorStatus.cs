namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// The HTTP status an Anthropic error type stands for (per Anthropic's error reference), so an <c>error</c> event
/// inside a 200 stream maps to the same client error as the equivalent HTTP answer.
/// </summary>
internal static class AnthropicErrorStatus
{
    public static int For(string? errorType) => errorType switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "api_error" => 500,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 502,
    };
}
