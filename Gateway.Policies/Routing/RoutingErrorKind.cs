namespace Gateway.Policies.Routing;

/// <summary>Why routing produced no candidate; the proxy maps each to a status (suggested in the comments).</summary>
public enum RoutingErrorKind
{
    /// <summary>400: a routing field of the request is invalid (<see cref="RoutingError.Param"/> names it).</summary>
    InvalidRequest,

    /// <summary>404: the model (or a fallback, or a target a policy names) is neither an alias nor <c>provider/model</c>.</summary>
    UnknownModel,

    /// <summary>400: every candidate lacks a feature the request uses (tools, vision, ...); <see cref="RoutingError.Param"/> names it.</summary>
    MissingCapability,

    /// <summary>400 with OpenAI's code <c>context_length_exceeded</c>: the prompt plus max output fit no candidate's context window.</summary>
    ContextLengthExceeded,

    /// <summary>404 (as OpenRouter answers): the request's <c>provider</c> preferences excluded every candidate.</summary>
    NoCandidateMatchesPreferences,

    /// <summary>503 with <see cref="RoutingError.RetryAfter"/>: every capable candidate's circuit is open.</summary>
    AllCircuitsOpen,

    /// <summary>403: a name is <c>provider/model</c> addressed directly, which the key or the provider does not allow.</summary>
    DirectModelNotAllowed,

    /// <summary>400 naming <c>model</c>: no target of the model serves the endpoint's kind (a chat model asked for embeddings).</summary>
    KindNotServed,

    /// <summary>400 naming <c>input</c> (OpenAI's code <c>context_length_exceeded</c>): an input is longer than every candidate takes.</summary>
    InputTooLong,
}
