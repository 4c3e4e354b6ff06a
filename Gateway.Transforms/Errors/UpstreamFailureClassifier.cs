namespace Gateway.Transforms.Errors;

/// <summary>
/// The status rules every adapter shares once it has decided whether its provider rejected the credential: 429 is a
/// rate limit, 5xx and 408 are the provider's failure, any other 4xx is about the request (the client's doing).
/// </summary>
public static class UpstreamFailureClassifier
{
    public static UpstreamFailureScope ByStatus(int status, bool credentialRejected)
    {
        if (credentialRejected)
        {
            return UpstreamFailureScope.Credential;
        }
        return status switch
        {
            429 => UpstreamFailureScope.RateLimit,
            408 or >= 500 => UpstreamFailureScope.Provider,
            // A 4xx the client can cause (bad parameters, an unknown model, a model the account may not use), and
            // anything stranger than that: never held against the provider.
            _ => UpstreamFailureScope.Request,
        };
    }
}
