namespace Gateway.Proxy.RequestState;

/// <summary>How one attempt at one provider ended.</summary>
internal enum AttemptOutcomeKind
{
    Pending,
    Succeeded,

    /// <summary>The provider answered with an error status.</summary>
    UpstreamError,

    /// <summary>The provider could not be reached, or did not answer in time.</summary>
    TransportError,

    /// <summary>The provider answered 2xx with a body the adapter could not read.</summary>
    MalformedAnswer,

    /// <summary>
    /// Not sent by the gateway's choice: the request cannot be expressed for this provider (a 400 from the adapter), or
    /// the provider's address is one the gateway does not connect to for it.
    /// </summary>
    Rejected,

    /// <summary>Not tried: no healthy destination, or the provider was removed.</summary>
    Skipped,

    /// <summary>The client went away.</summary>
    ClientAborted,
}
