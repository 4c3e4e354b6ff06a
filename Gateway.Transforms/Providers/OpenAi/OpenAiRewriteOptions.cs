namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>How <see cref="OpenAiResponseRewriter"/> treats one completion or chunk.</summary>
[Flags]
internal enum OpenAiRewriteOptions
{
    None = 0,

    /// <summary>Copy the provider's <c>usage</c> to the client (it is recorded either way).</summary>
    WriteUsage = 1,

    /// <summary>Drop a usage-only chunk (<c>choices: []</c>) the client did not ask for.</summary>
    DropUsageOnlyChunk = 2,

    /// <summary>
    /// Drop a chunk that carries nothing an OpenAI client reads: no usage and no choice with a <c>delta</c> or a finish
    /// reason (Azure's <c>prompt_filter_results</c> chunk with <c>choices: []</c>, its content-filter annotation chunks).
    /// </summary>
    DropMetadataOnlyChunk = 4,

    /// <summary>
    /// Where a message or delta carries reasoning under only one of <c>reasoning_content</c> and <c>reasoning</c>,
    /// write it under the other name too, as the gateway's own converters do.
    /// </summary>
    MirrorReasoning = 8,
}
