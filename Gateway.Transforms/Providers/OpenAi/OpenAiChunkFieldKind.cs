namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>How <see cref="OpenAiResponseRewriter"/> writes one top-level field of a provider's object.</summary>
internal enum OpenAiChunkFieldKind : byte
{
    /// <summary>Copied as the provider sent it.</summary>
    Raw,

    /// <summary>Left out (the provider's own <c>provider</c>, a null <c>usage</c>).</summary>
    Skip,

    /// <summary>Replaced by the gateway's id.</summary>
    Id,

    /// <summary>The usage object: copied, costed or left out as the client asked.</summary>
    Usage,

    /// <summary>Choices whose reasoning is written under both names.</summary>
    MirroredChoices,
}
