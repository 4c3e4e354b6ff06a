namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>What <see cref="OpenAiResponseRewriter"/> did with one JSON object.</summary>
internal enum OpenAiRewriteResult
{
    /// <summary>The rewritten object was written.</summary>
    Written,

    /// <summary>A usage-only chunk the client did not ask for: nothing was written, usage was recorded.</summary>
    Dropped,

    /// <summary>The object is the provider's error report; nothing was written.</summary>
    ProviderError,

    /// <summary>The rewritten object was written, as a whole SSE event, straight to the output (<see cref="OpenAiResponseRewriter.RewriteEvent"/>).</summary>
    Spliced,
}
