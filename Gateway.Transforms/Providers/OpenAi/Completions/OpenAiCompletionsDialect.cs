namespace Gateway.Transforms.Providers.OpenAi.Completions;

/// <summary>
/// How one OpenAI-compatible provider's legacy <c>/completions</c> differs from OpenAI's (each checked against its API
/// reference): what it honours of the fields a chat translation could not carry, and where it lives.
/// </summary>
internal sealed record OpenAiCompletionsDialect
{
    /// <summary>The config <c>Kind</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The endpoint under the provider's root (DeepSeek serves completions under its beta root only).</summary>
    public string Path { get; init; } = "/completions";

    /// <summary>A root ending in <c>/v1</c> loses it before <see cref="Path"/> is appended (DeepSeek: <c>/v1</c> is an alias of its root).</summary>
    public bool TrimVersionFromRoot { get; init; }

    public bool AcceptsEcho { get; init; }

    public bool AcceptsLogprobs { get; init; }

    public bool AcceptsSuffix { get; init; }

    public bool AcceptsBestOf { get; init; }

    /// <summary>Whether <c>prompt</c> may hold several prompts (strings or token arrays).</summary>
    public bool AcceptsSeveralPrompts { get; init; }

    /// <summary>Whether <c>prompt</c> may be token ids.</summary>
    public bool AcceptsTokenIds { get; init; }

    /// <summary>Whether <c>stream_options.include_usage</c> is accepted (the gateway asks for usage on every stream it can).</summary>
    public bool AcceptsStreamOptions { get; init; } = true;
}
