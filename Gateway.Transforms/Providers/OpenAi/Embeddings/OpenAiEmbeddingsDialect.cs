using System.Collections.Frozen;

namespace Gateway.Transforms.Providers.OpenAi.Embeddings;

/// <summary>How one OpenAI-compatible provider's <c>/embeddings</c> differs from OpenAI's (each checked against its API reference).</summary>
internal sealed record OpenAiEmbeddingsDialect
{
    /// <summary>The config <c>Kind</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// Whether <c>encoding_format: "base64"</c> is documented: then it is passed through; else the provider is asked for
    /// floats and the gateway packs them for a client that asked for base64.
    /// </summary>
    public bool AcceptsBase64 { get; init; }

    /// <summary>Whether <c>input</c> may be token ids; where not, such a request is refused (400 naming <c>input</c>).</summary>
    public bool AcceptsTokenIds { get; init; }

    /// <summary>When set, the only top-level fields sent (after renaming): for providers that reject unknown fields.</summary>
    public FrozenSet<string>? AllowedFields { get; init; }

    /// <summary>Fields sent under the provider's name for them (<c>dimensions</c> → Mistral's <c>output_dimension</c>).</summary>
    public FrozenDictionary<string, string> RenamedFields { get; init; } = FrozenDictionary<string, string>.Empty;
}
