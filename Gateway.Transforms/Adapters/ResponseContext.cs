namespace Gateway.Transforms.Adapters;

/// <summary>What the gateway stamps on a converted response.</summary>
public sealed class ResponseContext
{
    /// <summary>The gateway's own response id (<c>gen-…</c>), the same on every chunk.</summary>
    public required string ResponseId { get; init; }

    /// <summary>Unix seconds.</summary>
    public required long Created { get; init; }

    /// <summary>The provider id from config, reported as <c>provider</c>.</summary>
    public required string ProviderId { get; init; }

    /// <summary>The model that served, used where the provider does not report one.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// The most a stream transcoder holds of one provider event (an SSE event, a Bedrock event-stream message); a larger
    /// one ends the stream with an error event, as a malformed answer.
    /// </summary>
    public int MaxStreamEventBytes { get; init; } = Sse.SseEventReader.DefaultMaxEventBytes;

    /// <summary>The client asked for the final usage chunk (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>
    /// Set when the client asked for OpenRouter's usage accounting (<c>"usage": {"include": true}</c>): the cost in US
    /// dollars of the given usage, which <see cref="UsageJsonWriter"/> adds to the usage object as <c>cost</c>.
    /// </summary>
    public Func<TokenUsage, decimal>? UsageCost { get; init; }
}
