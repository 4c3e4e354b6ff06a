namespace Gateway.Transforms.Errors;

/// <summary>
/// Maps a provider's failed answer to the error the client sees. Statuses that mean the same to the client
/// are kept; the provider's own credential problems become 502 so a client never mistakes them for its own.
/// </summary>
public static class UpstreamErrorMapper
{
    /// <param name="retryAfter">The provider's <c>Retry-After</c> header; when absent, a delay from the body is used.</param>
    public static GatewayError Map(int status, UpstreamErrorDetail detail, string providerId, TimeSpan? retryAfter, string? secret)
    {
        var providerMessage = Scrub(detail.Message, secret);
        retryAfter ??= detail.RetryAfter;
        // A rejected credential is the provider's problem, whatever status it chose to report it with.
        switch (detail.CredentialRejected ? 401 : status)
        {
            case 400 or 413 or 422:
                return new GatewayError(400, GatewayErrorTypes.InvalidRequest,
                    providerMessage ?? $"Provider '{providerId}' rejected the request.", detail.Code ?? detail.Type);
            case 401 or 403:
                return new GatewayError(502, GatewayErrorTypes.Upstream,
                    $"Upstream authentication failed at provider '{providerId}'.", "upstream_auth_failed");
            case 404:
                return new GatewayError(404, GatewayErrorTypes.NotFound,
                    providerMessage ?? $"Provider '{providerId}' does not know the requested model or path.", detail.Code ?? "model_not_found");
            case 408:
                return new GatewayError(504, GatewayErrorTypes.Timeout, $"Provider '{providerId}' timed out.", "upstream_timeout");
            case 429:
                return new GatewayError(429, GatewayErrorTypes.RateLimit,
                    providerMessage ?? $"Provider '{providerId}' is rate limiting requests.", detail.Code ?? "rate_limit_exceeded")
                { RetryAfter = retryAfter };
            case 503 or 529:
                return new GatewayError(503, GatewayErrorTypes.Upstream,
                    $"Provider '{providerId}' is unavailable or overloaded{Suffix(providerMessage)}", "upstream_unavailable")
                { RetryAfter = retryAfter };
            case 504:
                return new GatewayError(504, GatewayErrorTypes.Timeout, $"Provider '{providerId}' timed out{Suffix(providerMessage)}", "upstream_timeout");
            default:
                return new GatewayError(502, GatewayErrorTypes.Upstream,
                    $"Provider '{providerId}' returned HTTP {status}{Suffix(providerMessage)}", "upstream_error");
        }
    }

    /// <summary>The error for a provider that could not be reached or did not answer in time.</summary>
    public static GatewayError Unreachable(string providerId, bool timedOut) => timedOut
        ? new GatewayError(504, GatewayErrorTypes.Timeout, $"Provider '{providerId}' did not answer in time.", "upstream_timeout")
        : new GatewayError(502, GatewayErrorTypes.Upstream, $"Provider '{providerId}' could not be reached.", "upstream_unreachable");

    /// <summary>Removes a credential a provider may have echoed back.</summary>
    public static string? Scrub(string? message, string? secret)
    {
        if (message is null || string.IsNullOrEmpty(secret) || secret.Length < 8)
        {
            return message;
        }
        return message.Replace(secret, "[redacted]", StringComparison.Ordinal);
    }

    private static string Suffix(string? providerMessage) => providerMessage is null ? "." : $": {providerMessage}";
}
