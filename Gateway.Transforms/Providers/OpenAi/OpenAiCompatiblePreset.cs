using System.Collections.Frozen;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// One OpenAI-compatible provider's quirks, selected in config as <c>"Kind": "&lt;preset&gt;"</c>: its documented API root
/// and what its chat completions endpoint does differently from OpenAI's. The OpenAI adapter applies them.
/// </summary>
public sealed record OpenAiCompatiblePreset
{
    /// <summary>The config <c>Kind</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The provider's documented OpenAI-compatible root, or null where there is none (self-hosted servers).</summary>
    public string? DefaultBaseUrl { get; init; }

    public ProviderCapabilities Capabilities { get; init; } = OpenAiAdapter.OpenAiCapabilities;

    /// <summary>Top-level request fields the provider rejects: never sent.</summary>
    public FrozenSet<string> DroppedFields { get; init; } = FrozenSet<string>.Empty;

    /// <summary>When set, the only top-level request fields sent (after renaming): for providers that reject any unknown field.</summary>
    public FrozenSet<string>? AllowedFields { get; init; }

    /// <summary>Top-level fields sent under the provider's name for them (<c>max_completion_tokens</c> → <c>max_tokens</c>).
    /// A field is not renamed when the client also sent the target name.</summary>
    public FrozenDictionary<string, string> RenamedFields { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Fields removed from every message (for example <c>name</c>, or reasoning echoed back from another provider).</summary>
    public FrozenSet<string> DroppedMessageFields { get; init; } = FrozenSet<string>.Empty;

    /// <summary>Whether the provider accepts <c>stream_options.include_usage</c>; without it, usage must come unasked.</summary>
    public bool AcceptsStreamOptions { get; init; } = true;

    /// <summary>Whether answers may carry reasoning under one name that should be mirrored to the other.</summary>
    public bool MirrorReasoning { get; init; }
}
