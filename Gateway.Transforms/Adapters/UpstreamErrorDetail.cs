namespace Gateway.Transforms.Adapters;

/// <summary>
/// The message, type and code a provider put in its error body, where it gave them; whether the body says the provider
/// credential was rejected (whatever the status, as Gemini's 400 <c>API_KEY_INVALID</c>); and a retry delay the body
/// carries (Gemini's <c>RetryInfo.retryDelay</c>), used when no <c>Retry-After</c> header came.
/// </summary>
public readonly record struct UpstreamErrorDetail(
    string? Message, string? Type, string? Code, bool CredentialRejected = false, TimeSpan? RetryAfter = null);
