namespace Gateway.Policies.Routing;

/// <summary>Why a candidate was removed from the list; recorded in <see cref="RoutingDecision.Dropped"/>.</summary>
public enum DropReason
{
    /// <summary>Declared capabilities (or the provider kind) lack a feature the request uses.</summary>
    MissingCapability,

    /// <summary>Estimated prompt tokens plus requested max output exceed the context window.</summary>
    ContextWindowExceeded,

    /// <summary><c>provider.require_parameters</c> and the candidate's capabilities are not declared.</summary>
    CapabilitiesNotDeclared,

    /// <summary>Named in <c>provider.ignore</c>.</summary>
    ProviderIgnored,

    /// <summary>Not named in <c>provider.only</c>.</summary>
    ProviderNotInOnly,

    /// <summary><c>provider.allow_fallbacks</c> is false and the candidate is not in <c>provider.order</c> (or is not the first).</summary>
    FallbacksNotAllowed,

    /// <summary>Priced above <c>provider.max_price</c>.</summary>
    PriceAboveMaximum,

    /// <summary><c>provider.max_price</c> is set and the candidate has no price to compare.</summary>
    PriceUnknown,

    /// <summary>Its circuit breaker is open.</summary>
    CircuitOpen,

    /// <summary>Neither the model (by its declared kinds) nor its provider kind's adapter serves the request's kind.</summary>
    KindNotServed,

    /// <summary>An input has more tokens than the model takes per input.</summary>
    InputTooLong,

    /// <summary>Embeddings: the target's output size differs from the first candidate's, so its vectors would not compare.</summary>
    DimensionsDiffer,
}
