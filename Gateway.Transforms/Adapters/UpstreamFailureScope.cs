namespace Gateway.Transforms.Adapters;

/// <summary>
/// What a provider's error answer is about, which decides what it counts against in the gateway's health model:
/// nothing (the request), the (provider, model) pair, the provider account, or the provider itself.
/// </summary>
public enum UpstreamFailureScope
{
    /// <summary>
    /// The request: invalid parameters, too large, a model that does not exist or that this account may not use.
    /// The client chose it, so it counts against nothing (a client must not be able to take a provider out).
    /// </summary>
    Request,

    /// <summary>A 429: the (provider, model) pair is rate limited, for the provider's <c>Retry-After</c>.</summary>
    RateLimit,

    /// <summary>The provider rejected the gateway's credential: every model of the account is affected.</summary>
    Credential,

    /// <summary>The provider failed: a 5xx (Anthropic's 529 included) or a timeout it reported.</summary>
    Provider,
}
